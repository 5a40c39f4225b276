using System.ComponentModel.DataAnnotations;

namespace Correlator.Service.Metrics;

/// <summary>One set of series the poller reads from InfluxDB on a schedule (an entry of <c>Metrics:Poller:WatchSets</c>).</summary>
public sealed class WatchSet
{
    /// <summary>Names the watch set in /health, /metrics and the stored cursor (<c>influx:NAME</c>).</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    [Required]
    public string Database { get; set; } = string.Empty;

    /// <summary>Empty: the database's default retention policy.</summary>
    public string? RetentionPolicy { get; set; }

    [Required]
    public string Measurement { get; set; } = string.Empty;

    /// <summary>The fields read; each is a series per group (numbers and booleans; strings are skipped).</summary>
    public List<string> Fields { get; set; } = [];

    /// <summary>Tag filters, tag = value, all required.</summary>
    public Dictionary<string, string> Tags { get; set; } = [];

    /// <summary>The tags that tell series apart (<c>*</c> for all). Tags not grouped by are not part of a series' identity.</summary>
    public List<string> GroupBy { get; set; } = [];

    /// <summary>Time between polls once caught up.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How late a point may arrive and still be read: the poller reads only up to now - Lag.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan Lag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The widest time window one query covers, so a catch-up after downtime goes in bounded chunks.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxChunk { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Where a watch set with no stored cursor starts: now - InitialLookback.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows per chunk of InfluxDB's chunked answer.</summary>
    [Range(1, 1_000_000)]
    public int ChunkSize { get; set; } = 10_000;

    /// <summary>
    /// Chunks read ahead while the detector bank scores earlier ones (the bounded buffer between reading and
    /// scoring); the reader waits when it is full. Memory bound: about PrefetchChunks x ChunkSize samples.
    /// </summary>
    [Range(1, 1_000)]
    public int PrefetchChunks { get; set; } = 4;
}
