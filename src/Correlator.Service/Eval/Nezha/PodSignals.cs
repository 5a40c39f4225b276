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
/// </summary>
internal sealed class PodSignals(NezhaSettings settings)
{
    private readonly Func<IStreamingDetector> _factory = DetectorCatalog.All[settings.Detector];
    private readonly Dictionary<string, IStreamingDetector> _detectors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _firing = new(StringComparer.Ordinal);

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
        for (int m = 0; m < NezhaDay.Metrics.Length; m++)
        {
            var key = row.Pod + "/" + NezhaDay.Metrics[m];
            if (!_detectors.TryGetValue(key, out var detector))
            {
                _detectors[key] = detector = _factory();
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

    private static Signal Signal(string key, PodRow row, string service, string metric, double score, bool firing) => new()
    {
        Source = "nezha-detector",
        Fingerprint = key,
        Name = metric,
        Kind = SignalKind.Anomaly,
        Status = firing ? SignalStatus.Firing : SignalStatus.Resolved,
        Severity = Severity.Warning,
        Resource = row.Pod,
        Service = service,
        EventTime = row.At,
        StartsAt = row.At,
        EndsAt = firing ? null : row.At,
        Score = score,
        Labels = LabelSet.From(("metric", metric), ("pod", row.Pod), ("service", service)),
    };
}
