using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>Writes the <see cref="StatusSummary"/> of a crisis from its record, the managed incident and its management timeline.</summary>
public static class StatusSummaryWriter
{
    /// <summary>Timeline kinds that are decisions: people's actions and the crisis itself.</summary>
    private static readonly HashSet<string> DecisionKinds = new(StringComparer.Ordinal)
    {
        "acknowledge", "assign", "hold", "resume", "resolve", "flagmajor", "crisis",
    };

    /// <param name="title">The incident's title (what failed).</param>
    /// <param name="components">The configuration items affected, if known (shown up to <paramref name="maxComponents"/>).</param>
    public static StatusSummary Write(
        CrisisRecord crisis, ManagedIncident managed, string title, IReadOnlyList<string> components,
        IReadOnlyList<ManagementEntry> timeline, DateTimeOffset now, int maxComponents = 5)
    {
        ArgumentNullException.ThrowIfNull(crisis);
        ArgumentNullException.ThrowIfNull(managed);
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(timeline);
        var id = Number(managed.IncidentId);
        var state = managed.ClosedAt is not null ? "closed" : managed.ResolvedAt is not null ? "resolved" : managed.IsOnHold ? "on hold" : "ongoing";
        var headline = $"Major incident {id} ({managed.Priority}) is {state}: {title}.";
        return new StatusSummary(
            managed.IncidentId,
            now,
            headline,
            Affected(managed, components, maxComponents),
            $"It started at {Time(managed.OpenedAt)} and was declared a major incident at {Time(crisis.DeclaredAt)} by {crisis.DeclaredBy} ({crisis.Reason}); {(managed.IsOpen ? "it has lasted " + Duration(now - managed.OpenedAt) + " so far" : "it lasted " + Duration((managed.ResolvedAt ?? managed.ClosedAt ?? now) - managed.OpenedAt))}.",
            $"Business impact is {Level(managed.Impact)} and urgency {Level(managed.Urgency)}, hence priority {managed.Priority}.",
            Status(managed),
            [.. timeline.Where(e => e.IncidentId == managed.IncidentId && e.At >= crisis.DeclaredAt && DecisionKinds.Contains(e.Kind)).OrderBy(e => e.At).Select(e => $"{Clock(e.At)} {e.Text}")],
            crisis.EndedAt is { } ended
                ? $"The crisis ended at {Time(ended)}; no further update is scheduled."
                : $"Next status update at {Time(crisis.NextUpdateAt)} (every {Duration(crisis.UpdateEvery)}; {Number(crisis.Reminders)} reminded so far).",
            crisis.Mobilised.Count == 0 ? "Nobody is configured to be mobilised." : $"Mobilised: {string.Join(", ", crisis.Mobilised)}.");
    }

    private static string Affected(ManagedIncident managed, IReadOnlyList<string> components, int max)
    {
        var service = managed.Service is { Length: > 0 } s ? $"Service {s} is affected" : "No service is named";
        var count = Math.Max(managed.Components, components.Count);
        if (count == 0)
        {
            return service + ".";
        }

        var named = components.Count == 0 ? "" : ": " + string.Join(", ", components.Take(max)) + (components.Count > max ? $" and {Number(components.Count - max)} more" : "");
        return $"{service}, {Number(count)} component{(count == 1 ? "" : "s")}{named}.";
    }

    private static string Status(ManagedIncident managed)
    {
        var who = managed.Assignee is { } a ? $"{managed.Group} ({a})" : managed.Group;
        if (managed.ResolvedAt is { } resolved)
        {
            return $"Service was restored at {Time(resolved)}; resolved by {who}.";
        }

        var ack = managed.AcknowledgedAt is { } at ? $"acknowledged at {Time(at)}" : "not acknowledged yet";
        var hold = managed.IsOnHold ? $"; on hold since {Time(managed.Holds[^1].From)}: {managed.Holds[^1].Reason}" : "";
        return $"Current status: being worked on by {who}, {ack}{hold}; not resolved yet.";
    }

    private static string Level(Impact value) => value.ToString().ToLowerInvariant();

    private static string Level(Urgency value) => value.ToString().ToLowerInvariant();

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"2 h 15 min", "45 min", "3 d 4 h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        if (span.TotalDays >= 1)
        {
            return $"{Number((long)span.TotalDays)} d {Number(span.Hours)} h";
        }

        return span.TotalHours >= 1 ? $"{Number((long)span.TotalHours)} h {Number(span.Minutes)} min" : $"{Number((long)span.TotalMinutes)} min";
    }
}
