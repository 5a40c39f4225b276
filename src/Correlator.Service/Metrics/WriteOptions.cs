using System.ComponentModel.DataAnnotations;

namespace Correlator.Service.Metrics;

/// <summary>Settings of the InfluxDB-compatible <c>POST /write</c> endpoint (section <c>Metrics:Write</c>).</summary>
public sealed class WriteOptions
{
    public const string SectionName = "Metrics:Write";

    /// <summary>Largest body accepted, after gzip decompression; a larger one gets 413 (InfluxDB's default is 25,000,000).</summary>
    [Range(1, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 25_000_000;
}
