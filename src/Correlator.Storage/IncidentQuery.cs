using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>
/// Filters and paging of the incident list. Every filter is optional and they combine with AND.
/// <see cref="From"/> (inclusive) and <see cref="To"/> (exclusive) select incidents whose <c>OpenedAt</c> falls
/// in the range; <see cref="Fingerprint"/> selects incidents that have a link to that signal fingerprint.
/// </summary>
public sealed record IncidentQuery
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    public IncidentState? State { get; init; }

    /// <summary>
    /// The incident's priority as shown: incident management's (ITIL, what SLAs use) once it manages the incident,
    /// else the correlation engine's.
    /// </summary>
    public Priority? Priority { get; init; }

    /// <summary>Exact (case-sensitive) resolver group incident management assigned the incident to.</summary>
    public string? Group { get; init; }

    /// <summary>Exact (case-sensitive) service name.</summary>
    public string? Service { get; init; }

    /// <summary>Earliest <c>OpenedAt</c>, inclusive.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Latest <c>OpenedAt</c>, exclusive.</summary>
    public DateTimeOffset? To { get; init; }

    public string? Fingerprint { get; init; }

    /// <summary>Page size, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    /// <summary>How many matching incidents to skip, 0 or more.</summary>
    public int Offset { get; init; }
}
