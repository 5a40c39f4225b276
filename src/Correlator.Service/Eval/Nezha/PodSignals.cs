using System.Globalization;
using Correlator.Correlation;
using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;
using Correlator.Detection;
using Correlator.Domain;

namespace Correlator.Service.Eval.Nezha;

/// <summary>
/// The shared front of the Nezha replays (<c>eval nezha</c>, <c>eval anticipation</c>): one detector per pod metric
/// (from <see cref="DetectorCatalog"/>), a score at or above the threshold fires an anomaly signal and one below it
/// resolves it (a signal only when the state changes), and the correlation engine those signals go to.
/// With <see cref="NezhaSettings.Robust"/> set (detector <c>robust</c>, <c>eval nezha</c>'s default) it follows
/// instead a pod's CPU and server latency and every call edge's caller-side latency and caller−callee gap with a
/// <see cref="RobustBaseline"/> each; an edge's signals belong to the callee (its resource and service).
/// </summary>
internal sealed class PodSignals(NezhaSettings settings)
{
    /// <summary>The detector name that selects the robust, directional detection.</summary>
    public const string RobustDetector = "robust";

    private static readonly (string Metric, SeriesKind Kind)[] RobustPodMetrics =
    [
        ("CpuUsageRate(%)", SeriesKind.Cpu), ("PodServerLatencyP90(s)", SeriesKind.Latency),
    ];

    private readonly Func<IStreamingDetector>? _factory = settings.Robust is null ? DetectorCatalog.All[settings.Detector] : null;
    private readonly Dictionary<string, RobustBaseline> _robust = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IStreamingDetector> _detectors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _firing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _podSeriesFiring = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset At, double Strength)> _callerFelt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TracedPoint>> _trace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _silentMinutes = new(StringComparer.Ordinal);

    /// <summary>Every point the robust detection judged, per series key (pod/metric, caller->callee/latency|gap, front_service/...): for explaining misses.</summary>
    public IReadOnlyDictionary<string, List<TracedPoint>> Trace => _trace;

    /// <summary>The service the front end's SLIs are attributed to.</summary>
    public const string FrontService = "frontend";

    /// <summary>The engine of a day: the call graph as topology (hops and window from the settings) and any rule file.</summary>
    public static CorrelationEngine Engine(NezhaDay day, NezhaSettings settings)
    {
        var graph = new TopologyGraph(day.Calls);
        var topology = string.Create(CultureInfo.InvariantCulture, $"topology:\n  hops: {settings.Hops}\n  window: {(int)settings.Window.TotalSeconds}s\n");
        var rules = RuleSetParser.Parse([("nezha-topology.yaml", topology), ("--rules", settings.RulesYaml ?? string.Empty)]);
        var options = new CorrelationOptions { Window = settings.Window, QuietPeriod = TimeSpan.FromMinutes(5), ReopenWindow = TimeSpan.FromMinutes(10), AutoCloseAfter = TimeSpan.FromMinutes(30) };
        return new CorrelationEngine(options, PriorityMatrix.Default, PipelineSnapshot.Empty, null, rules, graph);
    }

    /// <summary>Scores every metric of the row and adds a signal for each metric whose anomaly started or ended.</summary>
    public void Observe(PodRow row, List<Signal> signals)
    {
        var service = NezhaDay.ServiceOf(row.Pod);
        if (settings.Robust is { } robust)
        {
            foreach (var (metric, kind) in RobustPodMetrics)
            {
                bool veto = kind == SeriesKind.Latency && robust.Corroborate > 0 && _callerFelt.TryGetValue(service, out var felt)
                    && (felt.At < row.At.AddMinutes(-1) || felt.Strength < robust.Corroborate);
                bool thin = kind == SeriesKind.Latency && !EnoughTail(robust, row.Values[Array.IndexOf(NezhaDay.Metrics, "PodWorkload(Ops)")]);
                Judge(robust, kind, row.Pod + "/" + metric, row.Values[Array.IndexOf(NezhaDay.Metrics, metric)], row.At, row.Pod, service, metric, signals, veto, thin);
            }

            if (robust.FollowWorkload)
            {
                const string workload = "PodWorkload(Ops)";
                Judge(robust, SeriesKind.Workload, row.Pod + "/" + workload, row.Values[Array.IndexOf(NezhaDay.Metrics, workload)], row.At, row.Pod, service, workload, signals);
            }

            return;
        }

        for (int m = 0; m < NezhaDay.Metrics.Length; m++)
        {
            var key = row.Pod + "/" + NezhaDay.Metrics[m];
            if (!_detectors.TryGetValue(key, out var detector))
            {
                _detectors[key] = detector = _factory!();
            }

            var score = detector.Score(row.At, row.Values[m]);
            bool anomalous = score >= settings.Threshold;
            if (anomalous == _firing.Contains(key))
            {
                continue;
            }

            _ = anomalous ? _firing.Add(key) : _firing.Remove(key);
            signals.Add(Signal(key, row, service, NezhaDay.Metrics[m], score, anomalous));
        }
    }

    /// <summary>The quantile of the pods' server latency (PodServerLatencyP90).</summary>
    public const double LatencyQuantile = 0.9;

    /// <summary>
    /// Whether a minute's P90 rests on enough requests (<see cref="RobustSettings.MinTailRequests"/>): the requests above
    /// the percentile, workload (requests/s) × 60 × (1 − 0.9), must reach the minimum. Always true when the guard is off;
    /// false when the workload is unknown.
    /// </summary>
    internal static bool EnoughTail(RobustSettings robust, double workload) =>
        robust.MinTailRequests <= 0 || workload * 60 * (1 - LatencyQuantile) >= robust.MinTailRequests;

    /// <summary>Judges one minute of a call edge (robust detection only; nothing otherwise): its caller-side latency and its caller−callee gap, both the callee's.</summary>
    public void ObserveEdge(EdgeRow edge, List<Signal> signals)
    {
        if (settings.Robust is not { } robust)
        {
            return;
        }

        var name = edge.Caller + "->" + edge.Callee;
        bool veto = robust.QuietCaller && _podSeriesFiring.GetValueOrDefault(edge.Caller) > 0;
        var strength = Judge(robust, SeriesKind.Edge, name + "/latency", edge.Source, edge.At, edge.Callee, edge.Callee, "EdgeLatency", signals, veto);
        var minute = edge.At.AddSeconds(-edge.At.Second);
        if (!_callerFelt.TryGetValue(edge.Callee, out var felt) || felt.At < minute || felt.Strength < strength)
        {
            // The strongest caller-side lift into the callee in the latest minute seen.
            _callerFelt[edge.Callee] = (minute, felt.At < minute ? strength : Math.Max(strength, felt.Strength));
        }

        Judge(robust, SeriesKind.Gap, name + "/gap", edge.Source - edge.Destination, edge.At, edge.Callee, edge.Callee, "EdgeNetworkGap", signals, veto);
        if (robust.FollowCallee)
        {
            Judge(robust, SeriesKind.Callee, name + "/callee-latency", edge.Destination, edge.At, edge.Callee, edge.Callee, "EdgeCalleeLatency", signals, veto);
        }
    }

    /// <summary>
    /// Judges a batch of edge rows (robust detection only): each edge as <see cref="ObserveEdge"/> does, then, with
    /// <see cref="RobustSettings.SilentEdges"/> above 0, each minute's silent edges (see <see cref="Silence"/>).
    /// </summary>
    public void ObserveEdges(IReadOnlyList<EdgeRow> edges, List<Signal> signals)
    {
        foreach (var edge in edges)
        {
            ObserveEdge(edge, signals);
        }

        if (settings.Robust is { SilentEdges: > 0 } robust)
        {
            foreach (var minute in edges.GroupBy(e => e.At))
            {
                Silence([.. minute], robust.SilentEdges, robust.SilentWholeCallee, signals);
            }
        }
    }

    /// <summary>
    /// One minute of every edge: an edge without a caller-side value (no calls) whose caller has some other edge with
    /// calls that minute is silent — with <paramref name="wholeCallee"/>, only when no edge into the callee carries calls
    /// that minute (the callee gets no calls at all); after <paramref name="minutes"/> silent minutes in a row it fires on
    /// the caller (resource and service), and resolves on the first minute it is no longer silent.
    /// </summary>
    internal void Silence(IReadOnlyList<EdgeRow> minute, int minutes, bool wholeCallee, List<Signal> signals)
    {
        var alive = minute.Where(e => double.IsFinite(e.Source)).Select(e => e.Caller).ToHashSet(StringComparer.Ordinal);
        var called = minute.Where(e => double.IsFinite(e.Source)).Select(e => e.Callee).ToHashSet(StringComparer.Ordinal);
        foreach (var edge in minute)
        {
            var key = edge.Caller + "->" + edge.Callee + "/silence";
            bool silent = !double.IsFinite(edge.Source) && alive.Contains(edge.Caller) && (!wholeCallee || !called.Contains(edge.Callee));
            int run = silent ? _silentMinutes.GetValueOrDefault(key) + 1 : 0;
            _silentMinutes[key] = run;
            bool firing = run >= minutes;
            if (firing == _firing.Contains(key))
            {
                continue;
            }

            _ = firing ? _firing.Add(key) : _firing.Remove(key);
            double strength = (double)run / minutes;
            signals.Add(Signal(key, edge.At, edge.Caller, edge.Caller, "EdgeSilence", firing ? strength / (1 + strength) : 0, firing));
        }
    }

    /// <summary>Judges one minute of the front end's SLIs (robust detection with <see cref="RobustSettings.FrontSli"/> only): failure rate and P90 latency, both up, both <c>frontend</c>'s.</summary>
    public void ObserveFront(FrontRow front, List<Signal> signals)
    {
        if (settings.Robust is not { FrontSli: true } robust)
        {
            return;
        }

        Judge(robust, SeriesKind.FrontErrors, "front_service/failure-rate", 100 - front.SuccessRate, front.At, FrontService, FrontService, "FrontFailureRate", signals);
        Judge(robust, SeriesKind.FrontLatency, "front_service/latency-p90", front.LatencyP90, front.At, FrontService, FrontService, "FrontLatencyP90", signals);
    }

    private double Judge(RobustSettings robust, SeriesKind kind, string key, double value, DateTimeOffset at, string resource, string service, string metric, List<Signal> signals, bool veto = false, bool thin = false)
    {
        if (!_robust.TryGetValue(key, out var baseline))
        {
            _robust[key] = baseline = new RobustBaseline(robust, robust.For(kind));
        }

        // A thin minute (too few requests behind the value) is not judged: it breaks a confirmation and leaves the baseline.
        var (firing, strength) = thin && double.IsFinite(value) ? (baseline.Skip(), 0.0) : baseline.Observe(value);
        if (thin)
        {
            value = double.NaN;
        }

        firing &= !veto;
        if (double.IsFinite(value) && baseline.Last is { } last)
        {
            if (!_trace.TryGetValue(key, out var points))
            {
                _trace[key] = points = [];
            }

            points.Add(new TracedPoint(at, kind, last, firing, veto));
        }
        if (firing == _firing.Contains(key))
        {
            return strength;
        }

        _ = firing ? _firing.Add(key) : _firing.Remove(key);
        if (kind is SeriesKind.Cpu or SeriesKind.Latency)
        {
            _podSeriesFiring[service] = _podSeriesFiring.GetValueOrDefault(service) + (firing ? 1 : -1);
        }

        var score = strength / (1 + strength);
        signals.Add(Signal(key, at, resource, service, metric, score, firing));
        return strength;
    }

    private static Signal Signal(string key, PodRow row, string service, string metric, double score, bool firing) =>
        Signal(key, row.At, row.Pod, service, metric, score, firing);

    private static Signal Signal(string key, DateTimeOffset at, string resource, string service, string metric, double score, bool firing) => new()
    {
        Source = "nezha-detector",
        Fingerprint = key,
        Name = metric,
        Kind = SignalKind.Anomaly,
        Status = firing ? SignalStatus.Firing : SignalStatus.Resolved,
        Severity = Severity.Warning,
        Resource = resource,
        Service = service,
        EventTime = at,
        StartsAt = at,
        EndsAt = firing ? null : at,
        Score = score,
        Labels = LabelSet.From(("metric", metric), ("pod", resource), ("service", service)),
    };
}

/// <summary>One point of a followed series as the robust detection judged it: when, the kind, the judgement, whether the series fired after it, whether a veto held it quiet.</summary>
internal sealed record TracedPoint(DateTimeOffset At, SeriesKind Kind, JudgedPoint Point, bool Firing, bool Vetoed);
