using System.ComponentModel.DataAnnotations;

namespace Correlator.Ingestion.LineProtocol;

/// <summary>
/// Bounds on one line-protocol body, so a faulty or hostile sender cannot exhaust memory. A line over a
/// limit is an error of that line (the rest of the body is still read, as InfluxDB does).
/// </summary>
public sealed class LineProtocolLimits
{
    public const string SectionName = "LineProtocol";

    /// <summary>Bytes in one line, without its line break (InfluxDB's own keys are limited to 64 KiB).</summary>
    [Range(16, int.MaxValue)]
    public int MaxLineBytes { get; set; } = 64 * 1024;

    [Range(0, 1024)]
    public int MaxTagsPerLine { get; set; } = 64;

    [Range(1, 65536)]
    public int MaxFieldsPerLine { get; set; } = 256;

    /// <summary>Errors kept per body; later ones are only counted (a body of garbage should not become a huge reply).</summary>
    [Range(1, 100_000)]
    public int MaxErrorsReported { get; set; } = 100;

    /// <summary>
    /// Series (measurement and tag set) a long-lived reader — the Kafka consumer's decoder — remembers between
    /// messages so that a repeated series is not parsed again (<see cref="LineProtocolSeriesCache"/>); 0 turns
    /// the cache off. Emptied when full.
    /// </summary>
    [Range(0, 10_000_000)]
    public int SeriesCacheEntries { get; set; } = 100_000;

    /// <summary>Throws when a limit is out of its range.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException(string.Join(" ", results.Select(r => string.Join(",", r.MemberNames) + ": " + r.ErrorMessage)));
        }
    }
}
