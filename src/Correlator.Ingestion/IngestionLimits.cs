using System.ComponentModel.DataAnnotations;

namespace Correlator.Ingestion;

/// <summary>
/// Bounds on what one payload may hold, so that a faulty or hostile sender cannot exhaust memory or
/// blow up label cardinality. Lengths count UTF-16 characters after JSON unescaping.
/// </summary>
public sealed class IngestionLimits
{
    public const string SectionName = "Ingestion";

    /// <summary>Alerts, events or CloudEvents in one payload.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSignalsPerRequest { get; set; } = 10_000;

    [Range(1, int.MaxValue)]
    public int MaxLabelsPerSignal { get; set; } = 64;

    /// <summary>Also bounds annotation names.</summary>
    [Range(1, int.MaxValue)]
    public int MaxLabelNameLength { get; set; } = 128;

    /// <summary>Also bounds the other single-line strings: name, source, resource, service, fingerprint, id.</summary>
    [Range(1, int.MaxValue)]
    public int MaxLabelValueLength { get; set; } = 4096;

    [Range(1, int.MaxValue)]
    public int MaxAnnotationsPerSignal { get; set; } = 64;

    /// <summary>Also bounds the summary.</summary>
    [Range(1, int.MaxValue)]
    public int MaxAnnotationValueLength { get; set; } = 16384;

    /// <summary>Nesting depth of the JSON document; real payloads need 5 at most.</summary>
    [Range(1, int.MaxValue)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>
    /// Label and annotation names the Alertmanager reader keeps as shared strings (per parser), so a name seen before
    /// costs a lookup instead of a new string; 0 turns the cache off. Names beyond it are read as new strings.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int LabelNameCacheEntries { get; set; } = 4096;

    /// <summary>
    /// Slots of the Alertmanager reader's table of recurring short label and annotation values (per parser; up to 64
    /// characters each): a value found in its slot costs a lookup instead of a new string, a new value takes the slot
    /// over. Rounded up to a power of two; 0 turns the table off.
    /// </summary>
    [Range(0, 1 << 30)]
    public int LabelValueCacheEntries { get; set; } = 4096;

    internal Limit Signals => new(MaxSignalsPerRequest, nameof(MaxSignalsPerRequest));

    internal Limit Labels => new(MaxLabelsPerSignal, nameof(MaxLabelsPerSignal));

    internal Limit NameLength => new(MaxLabelNameLength, nameof(MaxLabelNameLength));

    internal Limit ValueLength => new(MaxLabelValueLength, nameof(MaxLabelValueLength));

    internal Limit Annotations => new(MaxAnnotationsPerSignal, nameof(MaxAnnotationsPerSignal));

    internal Limit AnnotationLength => new(MaxAnnotationValueLength, nameof(MaxAnnotationValueLength));

    /// <summary>Throws when a limit is not positive.</summary>
    public void Validate()
    {
        foreach (var limit in (ReadOnlySpan<Limit>)[Signals, Labels, NameLength, ValueLength, Annotations, AnnotationLength, new(MaxJsonDepth, nameof(MaxJsonDepth))])
        {
            if (limit.Value <= 0)
            {
                throw new ArgumentOutOfRangeException(limit.Key, limit.Value, $"{limit.Key} must be positive.");
            }
        }

        if (LabelNameCacheEntries < 0)
        {
            var key = SectionName + ":" + nameof(LabelNameCacheEntries);
            throw new ArgumentOutOfRangeException(key, LabelNameCacheEntries, $"{key} must be 0 (off) or positive.");
        }

        if (LabelValueCacheEntries is < 0 or > 1 << 30)
        {
            var key = SectionName + ":" + nameof(LabelValueCacheEntries);
            throw new ArgumentOutOfRangeException(key, LabelValueCacheEntries, $"{key} must be 0 (off) or positive, at most {1 << 30}.");
        }
    }

    /// <summary>A validated copy, so that a parser's limits cannot change under it.</summary>
    internal IngestionLimits Snapshot()
    {
        Validate();
        return (IngestionLimits)MemberwiseClone();
    }
}
