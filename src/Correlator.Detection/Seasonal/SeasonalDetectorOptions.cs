namespace Correlator.Detection.Seasonal;

/// <summary>The settings of <see cref="SeasonalDetector"/>.</summary>
public sealed record SeasonalDetectorOptions
{
    /// <summary>Past values kept: the period is looked for in them and the same phase of earlier periods read from them.</summary>
    public int HistoryLength { get; init; } = 2048;

    /// <summary>The shortest period considered, in values.</summary>
    public int MinPeriod { get; init; } = 8;

    /// <summary>The longest period considered, in values (at most a third of <see cref="HistoryLength"/>).</summary>
    public int MaxPeriod { get; init; } = 682;

    /// <summary>How many values pass between two searches for the period.</summary>
    public int RefreshEvery { get; init; } = 512;

    /// <summary>The autocorrelation the best lag needs to be taken as the period; below it the member stays silent.</summary>
    public double MinCorrelation { get; init; } = 0.5;

    /// <summary>How far the period's autocorrelation must stand above the lowest one at a shorter lag.</summary>
    public double MinProminence { get; init; } = 0.3;

    /// <summary>How many earlier periods the value is compared with (their mean at the same phase).</summary>
    public int PeriodsCompared { get; init; } = 1;

    /// <summary>How many recent residuals (value minus the same phase before) are averaged: a broken pattern lasts.</summary>
    public int ResidualLength { get; init; } = 12;

    /// <summary>How many past averaged residuals their mean and deviation are taken over.</summary>
    public int ScaleWindow { get; init; } = 2000;

    /// <summary>Averaged residuals needed after a (new) period before the member scores.</summary>
    public int WarmUp { get; init; } = 200;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Require(HistoryLength >= 8, nameof(HistoryLength), HistoryLength, "at least 8");
        Require(MinPeriod >= 2, nameof(MinPeriod), MinPeriod, "at least 2");
        Require(MaxPeriod >= MinPeriod && MaxPeriod * 3 <= HistoryLength, nameof(MaxPeriod), MaxPeriod, "at least MinPeriod and at most a third of HistoryLength");
        Require(RefreshEvery >= 1, nameof(RefreshEvery), RefreshEvery, "at least 1");
        Require(MinCorrelation is > 0.0 and < 1.0, nameof(MinCorrelation), MinCorrelation, "above 0 and below 1");
        Require(MinProminence >= 0.0 && double.IsFinite(MinProminence), nameof(MinProminence), MinProminence, "a finite number, 0 or more");
        Require(PeriodsCompared >= 1 && PeriodsCompared * MaxPeriod < HistoryLength, nameof(PeriodsCompared), PeriodsCompared, "at least 1, with PeriodsCompared x MaxPeriod below HistoryLength");
        Require(ResidualLength >= 1, nameof(ResidualLength), ResidualLength, "at least 1");
        Require(ScaleWindow >= 2, nameof(ScaleWindow), ScaleWindow, "at least 2");
        Require(WarmUp >= 2, nameof(WarmUp), WarmUp, "at least 2");
    }

    private static void Require(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} must be {rule}, not {value}.");
        }
    }
}
