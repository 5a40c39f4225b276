using System.ComponentModel.DataAnnotations;

namespace Correlator.Service.Metrics;

/// <summary>The InfluxDB sink (section <c>Metrics:Sink</c>): anomaly scores and incident markers written back.</summary>
public sealed class SinkOptions
{
    public const string SectionName = "Metrics:Sink";

    /// <summary>The database written to; empty leaves the sink off.</summary>
    public string? Database { get; set; }

    public string? RetentionPolicy { get; set; }

    /// <summary>Write one <c>correlator_anomaly</c> point per scored sample (off: only incident markers).</summary>
    public bool WriteScores { get; set; } = true;

    /// <summary>Points held while InfluxDB is slow or down; beyond it new points are dropped and counted.</summary>
    [Range(1, 100_000_000)]
    public int MaxBufferedPoints { get; set; } = 100_000;

    /// <summary>Points per write request.</summary>
    [Range(1, 1_000_000)]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>Longest a point waits for its batch to fill.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrEmpty(Database);
}
