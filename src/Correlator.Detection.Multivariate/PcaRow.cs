namespace Correlator.Detection.Multivariate;

/// <summary>The row type ML.NET sees: standardised metrics as one vector.</summary>
internal sealed class PcaRow
{
    public float[] Features { get; set; } = [];
}

/// <summary>ML.NET's output column for a PCA anomaly detector.</summary>
internal sealed class PcaOutput
{
    public float Score { get; set; }
}
