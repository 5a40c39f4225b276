using System.Globalization;
using Correlator.Correlation;
using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Correlator.Detection;
using Correlator.Domain;

namespace Correlator.Service.Eval.Nezha;

/// <summary>Settings of one Nezha evaluation run; every one is a command-line option.</summary>
internal sealed record NezhaSettings(string Detector, double Threshold, int Hops, TimeSpan Window, TimeSpan FaultWindow, TimeSpan CatchWithin, TimeSpan RankAfter, string? RulesYaml = null, RobustSettings? Robust = null)
{
    /// <summary>Events that look like injections missing from the fault lists (<c>--unlabelled FILE</c>): only for the second false-incident figure.</summary>
    public IReadOnlyList<UnlabelledEvent> Unlabelled { get; init; } = [];
}

/// <summary>What happened to one injected fault.</summary>
internal sealed record NezhaFaultResult(NezhaFault Fault, DateTimeOffset? DetectedAt, long? IncidentId, DateTimeOffset? UsersHitAt, string? RankedFirst, int IncidentsInWindow)
{
    public TimeSpan? Delay => DetectedAt - Fault.At;

    public bool CaughtWithin(TimeSpan limit) => Delay is { } d && d <= limit;

    /// <summary>Alerted before the front end degraded (true when it did not degrade in the window but the fault was caught).</summary>
    public bool BeforeUsers => DetectedAt is { } at && (UsersHitAt is not { } hit || at < hit);

    public bool RootCauseFirst => RankedFirst == Fault.Service;
}

/// <summary>The results of one day.</summary>
internal sealed record NezhaDayResult(string Day, IReadOnlyList<NezhaFaultResult> Faults, int Incidents, int FalseIncidents, double FaultFreeDays, long Signals)
{
    /// <summary>The incidents opened in fault-free time: when, and the services of their signals (for the report).</summary>
    public IReadOnlyList<(DateTimeOffset OpenedAt, string Services)> FalseOpenings { get; init; } = [];

    /// <summary>Of <see cref="FalseIncidents"/>, those opened inside the window of an unlabelled event of the day (<see cref="NezhaSettings.Unlabelled"/>).</summary>
    public int UnlabelledIncidents { get; init; }

    /// <summary>Of <see cref="FaultFreeDays"/>, the time inside unlabelled events' windows (days).</summary>
    public double UnlabelledDays { get; init; }

    /// <summary>False incidents per day outside the unlabelled events (and outside their time); NaN without fault-free time.</summary>
    public double FalseOutsideUnlabelledPerDay => FaultFreeDays - UnlabelledDays > 0 ? (FalseIncidents - UnlabelledIncidents) / (FaultFreeDays - UnlabelledDays) : double.NaN;

    /// <summary>Every point the robust detection judged, per series key (empty with a catalogue detector).</summary>
    public IReadOnlyDictionary<string, List<TracedPoint>> Trace { get; init; } = new Dictionary<string, List<TracedPoint>>();
}

/// <summary>
/// Streams a Nezha day minute by minute: each pod metric through its own detector (from <see cref="DetectorCatalog"/>),
/// scores above the threshold as firing anomaly signals (below it, resolved), through the correlation engine with the
/// call graph as topology; then scores every injected fault and counts incidents opened in fault-free time.
/// </summary>
internal static class NezhaEvaluation
{
    public static NezhaDayResult Run(NezhaDay day, NezhaSettings settings)
    {
        var engine = PodSignals.Engine(day, settings);
        var pods = new PodSignals(settings);
        var fresh = new List<Signal>();
        var services = new Dictionary<string, string>(StringComparer.Ordinal);
        var incidents = new Dictionary<long, Incident>();
        var trackers = day.Faults.Select((f, i) => new FaultTracker(f, i + 1 < day.Faults.Count && day.Faults[i + 1].At < f.At + settings.FaultWindow ? day.Faults[i + 1].At : f.At + settings.FaultWindow)).ToList();
        var changes = new ChangeSet();
        long signals = 0;
        int nextEdge = 0;
        int nextFront = 0;
        var front = new List<Signal>();
        for (int first = 0, end; first < day.Rows.Count; first = end)
        {
            // One minute at a time: every pod row of the minute with the edge rows up to it, then the front rows up to its last row.
            var minute = Minute(day.Rows[first].At);
            end = first;
            while (end < day.Rows.Count && Minute(day.Rows[end].At) == minute)
            {
                end++;
            }

            var now = day.Rows[end - 1].At;
            fresh.Clear();
            front.Clear();
            for (int r = first; r < end; r++)
            {
                var row = day.Rows[r];
                int firstEdge = nextEdge;
                while (nextEdge < day.Edges.Count && day.Edges[nextEdge].At <= row.At)
                {
                    nextEdge++;
                }

                if (nextEdge > firstEdge)
                {
                    pods.ObserveEdges([.. day.Edges.Skip(firstEdge).Take(nextEdge - firstEdge)], fresh);
                }

                pods.Observe(row, fresh);
            }

            while (nextFront < day.Front.Count && day.Front[nextFront].At <= now)
            {
                pods.ObserveFront(day.Front[nextFront++], front);
            }

            // The front end's SLIs are the users' view, a symptom of whatever else moved in the same minute: they go to the
            // engine after the minute's pod and edge signals, so that they join the incident of a cause seen in that minute
            // rather than open one of their own just before it.
            fresh.AddRange(front);
            foreach (var signal in fresh)
            {
                services[signal.Fingerprint] = signal.Service!;
                engine.Process(signal, changes);
                signals++;
            }

            foreach (var incident in changes.Incidents)
            {
                incidents[incident.Id] = incident;
                foreach (var tracker in trackers)
                {
                    tracker.See(incident, services, now);
                }
            }

            changes.Clear();
            foreach (var tracker in trackers)
            {
                tracker.RankIfDue(engine, now, settings.RankAfter);
            }
        }

        foreach (var tracker in trackers)
        {
            tracker.RankIfDue(engine, DateTimeOffset.MaxValue, TimeSpan.Zero);
        }

        var results = trackers.Select(t => t.Result(day.Front, incidents.Values)).ToList();
        var (falseIncidents, faultFreeDays, inUnlabelled, unlabelledDays) = FalseIncidents(day, incidents.Values, settings.FaultWindow, settings.Unlabelled);
        var falseOpenings = incidents.Values
            .Where(i => !day.Faults.Any(f => i.OpenedAt >= f.At && i.OpenedAt < f.At + settings.FaultWindow))
            .OrderBy(i => i.OpenedAt)
            .Select(i => (i.OpenedAt, string.Join(" ", i.Links.Select(l => services.GetValueOrDefault(l.Fingerprint) ?? "?").Distinct().Order(StringComparer.Ordinal))
                + " (opened by " + i.Links[0].Fingerprint + "; series: " + string.Join(", ", i.Links.OrderBy(l => l.AttachedAt).Select(l => l.AttachedAt.ToString("HH:mm", CultureInfo.InvariantCulture) + " " + l.Fingerprint).Distinct().Take(6)) + ")"
                + (UnlabelledAt(day, settings.Unlabelled, settings.FaultWindow, i.OpenedAt) is { } u ? $" [inside unlabelled event {u.At:HH:mm} {u.Service}]" : string.Empty)))
            .ToList();
        return new NezhaDayResult(day.Name, results, incidents.Count, falseIncidents, faultFreeDays, signals)
        {
            FalseOpenings = falseOpenings,
            Trace = pods.Trace,
            UnlabelledIncidents = inUnlabelled,
            UnlabelledDays = unlabelledDays,
        };
    }

    /// <summary>
    /// Incidents opened outside every fault's window and the length of that fault-free time in days; of those, the
    /// incidents opened inside an unlabelled event's window (same length as a fault's) and that time in days.
    /// </summary>
    internal static (int Count, double Days, int InUnlabelled, double UnlabelledDays) FalseIncidents(NezhaDay day, IEnumerable<Incident> incidents, TimeSpan faultWindow, IReadOnlyList<UnlabelledEvent> unlabelled)
    {
        bool InFault(DateTimeOffset at) => day.Faults.Any(f => at >= f.At && at < f.At + faultWindow);
        var start = day.Rows[0].At;
        var end = day.Rows[^1].At;
        var outside = incidents.Where(i => !InFault(i.OpenedAt)).ToList();
        int inUnlabelled = outside.Count(i => UnlabelledAt(day, unlabelled, faultWindow, i.OpenedAt) is not null);
        double minutes = 0;
        double unlabelledMinutes = 0;
        for (var t = start; t < end; t = t.AddMinutes(1))
        {
            if (!InFault(t))
            {
                minutes++;
                unlabelledMinutes += UnlabelledAt(day, unlabelled, faultWindow, t) is null ? 0 : 1;
            }
        }

        return (outside.Count, minutes / 1440.0, inUnlabelled, unlabelledMinutes / 1440.0);
    }

    private static DateTimeOffset Minute(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMinute));

    private static UnlabelledEvent? UnlabelledAt(NezhaDay day, IReadOnlyList<UnlabelledEvent> unlabelled, TimeSpan window, DateTimeOffset at) =>
        unlabelled.FirstOrDefault(u => u.Day == day.Name && at >= u.At && at < u.At + window);

    /// <summary>Follows one fault: the first signal on its service after injection, and the ranking of that incident.</summary>
    private sealed class FaultTracker(NezhaFault fault, DateTimeOffset windowEnd)
    {
        private DateTimeOffset? _detectedAt;
        private long? _incidentId;
        private string? _first;
        private bool _ranked;

        public void See(Incident incident, Dictionary<string, string> services, DateTimeOffset now)
        {
            if (_detectedAt is not null || now < fault.At || now >= windowEnd)
            {
                return;
            }

            foreach (var link in incident.Links)
            {
                if (link.AttachedAt >= fault.At && services.GetValueOrDefault(link.Fingerprint) == fault.Service)
                {
                    Detect(incident.Id, link.AttachedAt);
                    return;
                }
            }

            foreach (var entry in incident.Timeline)
            {
                if (entry.Kind == TimelineEntryKind.SignalRefired && entry.At >= fault.At && entry.Fingerprint is { } fp && services.GetValueOrDefault(fp) == fault.Service)
                {
                    Detect(incident.Id, entry.At);
                    return;
                }
            }
        }

        public void RankIfDue(CorrelationEngine engine, DateTimeOffset now, TimeSpan after)
        {
            if (_ranked || _detectedAt is not { } at || _incidentId is not { } id || now < at + after)
            {
                return;
            }

            var ranking = engine.RankRootCauses(id);
            _first = ranking.Count > 0 ? ranking[0].Component : _first;
            _ranked = true;
        }

        public NezhaFaultResult Result(IReadOnlyList<FrontRow> front, IEnumerable<Incident> incidents)
        {
            var before = front.Where(r => r.At < fault.At && r.At >= fault.At.AddMinutes(-30)).ToList();
            DateTimeOffset? usersHit = null;
            if (before.Count > 0)
            {
                var success = Median(before.Select(r => r.SuccessRate));
                var latency = Median(before.Select(r => r.LatencyP90));
                usersHit = front.FirstOrDefault(r => r.At >= fault.At && r.At < windowEnd && (r.SuccessRate < success - 1 || r.LatencyP90 > 1.5 * latency))?.At;
            }

            var opened = incidents.Count(i => i.OpenedAt >= fault.At && i.OpenedAt < windowEnd);
            return new NezhaFaultResult(fault, _detectedAt, _incidentId, usersHit, _first, opened);
        }

        private void Detect(long incidentId, DateTimeOffset at)
        {
            _detectedAt = at;
            _incidentId = incidentId;
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Where(double.IsFinite).Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
        }
    }
}
