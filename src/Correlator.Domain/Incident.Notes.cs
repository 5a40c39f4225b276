namespace Correlator.Domain;

public sealed partial record Incident
{
    /// <summary>
    /// Adds a dated note to the timeline without changing state: what correlation did around the incident
    /// (a signal suppressed by maintenance, a signal flapping, a lifetime cap reached).
    /// </summary>
    public Incident Note(string text, DateTimeOffset at, string? fingerprint = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return this with
        {
            UpdatedAt = Later(at),
            Timeline = Timeline.Add(new TimelineEntry(at, TimelineEntryKind.Note, text, fingerprint)),
        };
    }
}
