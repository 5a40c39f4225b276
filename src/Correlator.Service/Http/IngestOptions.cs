using System.ComponentModel.DataAnnotations;

namespace Correlator.Service.Http;

/// <summary>Limits of the HTTP ingestion endpoints; the per-signal limits are in <c>Ingestion:Limits</c>.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Largest request body accepted; a larger one gets 413.</summary>
    [Range(1, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;
}

