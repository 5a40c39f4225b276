using System.Collections.Immutable;
using Correlator.Domain;
using Correlator.Storage;

namespace Correlator.Service.Bench.Ui;

/// <summary>
/// Fills a fresh store, through its commit API, with what the UI bench reads: many incidents of a month's
/// history (most of them closed, a few dozen active, one to four signals each) and, newest, one storm
/// incident with many signals (several alert names over many resources, part of them resolved).
/// Seeded, so every run reads the same rows.
/// </summary>
internal static class UiSeed
{
    private const int CommitSize = 500;

    private static readonly string[] AlertNames =
        ["HighLatency", "ErrorRateHigh", "PodCrashLooping", "DiskFillingUp", "CpuThrottling", "QueueBacklog", "ConnectionsSaturated", "CertificateExpiring"];

    /// <summary>Commits the incidents; returns the id of the storm incident (the last and newest one).</summary>
    public static async Task<long> FillAsync(SqliteStore store, int incidents, int stormSignals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var random = new Random(20261204);
        var changes = new ChangeSet();
        var first = now - TimeSpan.FromDays(30);
        var step = (now - TimeSpan.FromHours(3) - first) / Math.Max(1, incidents - 1);
        for (int i = 1; i < incidents; i++)
        {
            var opened = first + (step * (i - 1)) + TimeSpan.FromSeconds(random.Next(0, 30));
            // The last 2 % of the month are still active; the rest resolved then closed.
            var active = i > incidents * 0.98;
            AddIncident(changes, random, i, opened, random.Next(1, 5), active);
            if (changes.Incidents.Count() >= CommitSize)
            {
                await CommitAsync(store, changes, i, cancellationToken).ConfigureAwait(false);
            }
        }

        var storm = Math.Max(1, incidents);
        AddIncident(changes, random, storm, now - TimeSpan.FromHours(2), stormSignals, active: true);
        await CommitAsync(store, changes, storm, cancellationToken).ConfigureAwait(false);
        return storm;
    }

    private static async Task CommitAsync(SqliteStore store, ChangeSet changes, long lastId, CancellationToken cancellationToken)
    {
        changes.LastIncidentId = lastId;
        await store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        changes.Clear();
    }

    private static void AddIncident(ChangeSet changes, Random random, long id, DateTimeOffset opened, int signals, bool active)
    {
        var service = "svc-" + random.Next(0, 200).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        var impact = (Impact)random.Next(1, 4);
        var urgency = (Urgency)random.Next(1, 4);
        var links = ImmutableList.CreateBuilder<SignalLink>();
        var timeline = ImmutableList.CreateBuilder<TimelineEntry>();
        var spread = signals > 10 ? TimeSpan.FromMinutes(100) : TimeSpan.FromMinutes(10);
        var last = opened;
        var worst = Severity.Info;
        for (int s = 0; s < signals; s++)
        {
            var name = AlertNames[(s + (int)id) % AlertNames.Length];
            var resource = $"{service}-pod-{s / AlertNames.Length:D4}";
            var fingerprint = $"ui{id:x6}{s:x4}";
            var starts = opened + (spread * s / Math.Max(1, signals));
            var resolved = !active || random.NextDouble() < 0.4;
            var ends = resolved ? starts + TimeSpan.FromMinutes(random.Next(1, 40)) : (DateTimeOffset?)null;
            var severity = (Severity)random.Next(1, 5);
            worst = severity > worst ? severity : worst;
            var signal = new Signal
            {
                Source = "alertmanager",
                Fingerprint = fingerprint,
                Name = name,
                Status = resolved ? SignalStatus.Resolved : SignalStatus.Firing,
                Severity = severity,
                Resource = resource,
                Service = service,
                EventTime = ends ?? starts,
                StartsAt = starts,
                EndsAt = ends,
                Labels = LabelSet.From(("alertname", name), ("service", service), ("pod", resource), ("namespace", "prod")),
                Summary = $"{name} on {resource}",
            };
            var seen = ends ?? starts + TimeSpan.FromMinutes(5);
            last = seen > last ? seen : last;
            changes.Put(new SignalState(signal, starts, seen, random.Next(1, 20), id));
            links.Add(new SignalLink(fingerprint, starts, s == 0 ? "opened" : "group by service=" + service));
            if (s == 0)
            {
                timeline.Add(new TimelineEntry(starts, TimelineEntryKind.Opened, $"Opened by {name} on {resource}", fingerprint));
            }
        }

        if (!active)
        {
            timeline.Add(new TimelineEntry(last, TimelineEntryKind.StateChanged, "Resolved: every signal resolved"));
            timeline.Add(new TimelineEntry(last + TimeSpan.FromHours(1), TimelineEntryKind.StateChanged, "Closed after the hold period"));
        }

        var incident = new Incident
        {
            Id = id,
            GroupKey = "service=" + service,
            Title = $"{AlertNames[(int)id % AlertNames.Length]} on {service}",
            Service = service,
            State = active ? (id % 3 == 0 ? IncidentState.InProgress : IncidentState.New) : IncidentState.Closed,
            Impact = impact,
            Urgency = urgency,
            Priority = PriorityMatrix.Default.PriorityOf(impact, urgency),
            Severity = worst,
            OpenedAt = opened,
            UpdatedAt = active ? last : last + TimeSpan.FromHours(1),
            LastSignalAt = last,
            ResolvedAt = active ? null : last,
            ClosedAt = active ? null : last + TimeSpan.FromHours(1),
            Links = links.ToImmutable(),
            Timeline = timeline.ToImmutable(),
        };
        changes.Put(incident, before: null);
    }
}
