namespace Correlator.Incidents;

/// <summary>Someone standing in for the rotation from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive).</summary>
public sealed class OnCallOverride
{
    public DateTimeOffset From { get; set; }

    public DateTimeOffset To { get; set; }

    public string Member { get; set; } = "";
}
