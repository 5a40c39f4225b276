namespace Correlator.Service.Correlation;

/// <summary>Where the correlation rules and the topology are read from, and how often they are checked for changes.</summary>
public sealed class RuleFilesOptions
{
    public const string SectionName = "CorrelationFiles";

    /// <summary>A rule file (YAML) or a folder whose <c>*.yaml</c>/<c>*.yml</c> files are read in name order; none when empty.</summary>
    public string? Rules { get; set; }

    /// <summary>A topology file (YAML, or CSV from a CMDB export) or a folder of them; none when empty.</summary>
    public string? Topology { get; set; }

    /// <summary>How often the files are checked for changes (hot reload); zero turns reloading off.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The incident page and API show at most this many components of an incident's topology neighbourhood.</summary>
    public int MaxNeighbourhood { get; set; } = 40;

    /// <summary>The incident page ranks root causes from at most this many of an incident's signals (a storm reads no more).</summary>
    public int MaxRootCauseSignals { get; set; } = 2000;
}
