using Correlator.Domain;
using Correlator.Prediction;

namespace Correlator.Prediction.Tests;

public sealed class FeatureExtractorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero); // a Saturday, 06:00 UTC

    private static readonly ServiceCriticality Graph = ServiceCriticality.FromCalls(
        [("frontend", "cart"), ("cart", "redis"), ("frontend", "ads")], ["frontend"]);

    private static ClusterEvent Event(double minutes, string fp, string service, SignalStatus status = SignalStatus.Firing, Severity severity = Severity.Warning, double? score = null, SignalKind kind = SignalKind.Anomaly, string name = "cpu") =>
        new(T0.AddMinutes(minutes), fp, name, kind, status, severity, service, service + "-pod", score);

    private static List<ClusterEvent> Stream() =>
    [
        Event(0, "a", "redis", score: 0.9),
        Event(2, "b", "cart", score: 0.95, name: "latency_p90"),
        Event(3, "c", "cart", kind: SignalKind.Alert, severity: Severity.Critical, name: "HighErrorRate"),
        Event(7, "a", "redis", SignalStatus.Resolved),
        Event(8, "d", "frontend", score: 0.99, name: "success_rate"),
    ];

    [Fact]
    public void Extract_SmallStream_GivesKnownValues()
    {
        var history = new ClusterHistory();
        history.Record("redis", T0.AddMinutes(-60), becameIncident: true);
        history.Record("redis", T0.AddMinutes(-30), becameIncident: false);
        history.Record("redis", T0.AddMinutes(30), becameIncident: true); // known only later: not counted at t

        var f = FeatureExtractor.Extract(Stream(), T0.AddMinutes(10), Graph, history);

        Assert.Equal(4, f[FeatureSchema.Signals]);
        Assert.Equal(3, f[FeatureSchema.FiringNow]); // a resolved at 7
        Assert.Equal(2, f[FeatureSchema.Events5m]); // minutes 7 and 8
        Assert.Equal(0.5f, f[FeatureSchema.RatePerMinute]); // 5 events over 10 minutes
        Assert.Equal(1, f[FeatureSchema.CriticalOrMajor]);
        Assert.Equal(3, f[FeatureSchema.MinorOrWarning]);
        Assert.Equal(1, f[FeatureSchema.Alerts]);
        Assert.Equal(3, f[FeatureSchema.Anomalies]);
        Assert.Equal(3, f[FeatureSchema.GoldenSignals]); // latency, error, success
        Assert.Equal(0.99f, f[FeatureSchema.ScoreMax], 5);
        Assert.Equal(0.99f, f[FeatureSchema.ScoreMean5m], 5); // only d (minute 8) is a scored firing event within 5 min
        Assert.Equal((float)(0.99 - (0.9 + 0.95) / 2), f[FeatureSchema.ScoreTrend], 5); // a (10 min old) and b (8) in the 5 before
        Assert.Equal(3, f[FeatureSchema.Services]);
        Assert.Equal(3, f[FeatureSchema.Resources]);
        Assert.Equal(1f, f[FeatureSchema.CriticalityMax]);
        Assert.Equal(0, f[FeatureSchema.HopsMin]);
        Assert.Equal(10, f[FeatureSchema.AgeMinutes]);
        Assert.Equal(1f / 3, f[FeatureSchema.OnsetCriticality], 5); // redis is two hops from frontend
        Assert.Equal(8, f[FeatureSchema.OnsetSpreadMinutes]);
        Assert.Equal(1, f[FeatureSchema.NewServices5m]);
        Assert.Equal((float)Math.Sin(2 * Math.PI * (6 + 10 / 60.0) / 24), f[FeatureSchema.HourSin], 5); // 06:10
        Assert.Equal((float)Math.Cos(2 * Math.PI * (6 + 10 / 60.0) / 24), f[FeatureSchema.HourCos], 5);
        Assert.Equal(1, f[FeatureSchema.Weekend]);
        Assert.Equal(2, f[FeatureSchema.SimilarSeen]);
        Assert.Equal(0.5f, f[FeatureSchema.SimilarIncidentRate], 5); // (1 + 1) / (2 + 2)
        Assert.Equal(0, f[FeatureSchema.Changes30m]);
    }

    [Fact]
    public void Extract_EarlierMoment_CountsOnlyWhatHadHappened()
    {
        var f = FeatureExtractor.Extract(Stream(), T0.AddMinutes(2), Graph, new ClusterHistory());

        Assert.Equal(2, f[FeatureSchema.Signals]);
        Assert.Equal(2, f[FeatureSchema.FiringNow]);
        Assert.Equal(2, f[FeatureSchema.Services]);
        Assert.Equal(0.5f, f[FeatureSchema.CriticalityMax], 5); // cart is one hop from frontend
        Assert.Equal(0.5f, f[FeatureSchema.SimilarIncidentRate], 5); // no history: the prior
    }

    [Fact]
    public void Extract_NoEventYet_GivesEmptyCountsAndThePrior()
    {
        var f = FeatureExtractor.Extract(Stream(), T0.AddMinutes(-1), Graph, new ClusterHistory());

        Assert.Equal(0, f[FeatureSchema.Signals]);
        Assert.Equal(ServiceCriticality.UnknownHops, f[FeatureSchema.HopsMin]);
        Assert.Equal(0.5f, f[FeatureSchema.SimilarIncidentRate]);
    }

    [Fact]
    public void Extract_FutureShuffledAndAltered_FeaturesAtTDoNotChange()
    {
        var random = new Random(7);
        var at = T0.AddMinutes(5);
        var baseline = FeatureExtractor.Extract(Stream(), at, Graph, new ClusterHistory());
        for (int trial = 0; trial < 50; trial++)
        {
            var past = Stream().Where(e => e.At <= at).ToList();
            var future = Enumerable.Range(0, random.Next(1, 30)).Select(i => Event(
                5 + random.NextDouble() * 60 + 1e-3, "f" + random.Next(5), random.Next(3) switch { 0 => "frontend", 1 => "cart", _ => "unknown" },
                random.Next(2) == 0 ? SignalStatus.Firing : SignalStatus.Resolved, (Severity)random.Next(5), random.NextDouble(),
                (SignalKind)random.Next(2), random.Next(2) == 0 ? "deploy" : "error_rate")).ToList();
            future.AddRange(Stream().Where(e => e.At > at).Select(e => e with { Severity = Severity.Critical, Score = random.NextDouble() }));
            var mixed = past.Concat(future).OrderBy(_ => random.Next()).ToList();
            var history = new ClusterHistory();
            history.Record("redis", at.AddMinutes(random.Next(1, 60)), random.Next(2) == 0); // an outcome learnt later

            var f = FeatureExtractor.Extract(mixed, at, Graph, history);

            Assert.Equal(baseline, f);
        }
    }

    [Fact]
    public void Extract_PastAltered_FeaturesChange()
    {
        var at = T0.AddMinutes(5);
        var altered = Stream().Select(e => e.Fingerprint == "b" ? e with { Severity = Severity.Critical } : e).ToList();

        Assert.NotEqual(FeatureExtractor.Extract(Stream(), at, Graph, new ClusterHistory()), FeatureExtractor.Extract(altered, at, Graph, new ClusterHistory()));
    }

    [Fact]
    public void Extract_DeployInCluster_CountsTheChange()
    {
        var events = new List<ClusterEvent> { Event(0, "x", "cart", name: "deploy cart v2", kind: SignalKind.Alert), Event(1, "y", "cart") };

        Assert.Equal(1, FeatureExtractor.Extract(events, T0.AddMinutes(10), Graph, new ClusterHistory())[FeatureSchema.Changes30m]);
        Assert.Equal(0, FeatureExtractor.Extract(events, T0.AddMinutes(31), Graph, new ClusterHistory())[FeatureSchema.Changes30m]);
    }

    [Theory]
    [InlineData("deployment_id", "abc123", true)]
    [InlineData("Change", "CHG0042", true)]
    [InlineData("event_type", "Deploy", true)]
    [InlineData("kind", "rollout", true)]
    [InlineData("type", "cpu", false)]
    [InlineData("team", "deploy", false)]
    public void From_SignalLabelledAsAChange_CountsAsAChange(string label, string value, bool change)
    {
        var signal = new Signal
        {
            Fingerprint = "f", Source = "argo", Name = "PodRestarts", Kind = SignalKind.Alert, Status = SignalStatus.Firing, Severity = Severity.Info,
            Service = "cart", EventTime = T0, StartsAt = T0, Labels = LabelSet.From((label, value)),
        };
        var events = new List<ClusterEvent> { ClusterEvent.From(signal), Event(1, "y", "cart") };

        Assert.Equal(change, ClusterEvent.From(signal).IsChange);
        Assert.Equal(change ? 1 : 0, FeatureExtractor.Extract(events, T0.AddMinutes(5), Graph, new ClusterHistory())[FeatureSchema.Changes30m]);
    }

    [Fact]
    public void Extract_ServicesReached_GiveTheirCriticalityAndHops()
    {
        var events = new List<ClusterEvent> { Event(0, "a", "redis"), Event(1, "b", "cart"), Event(2, "c", "unknown-svc") };

        var f = FeatureExtractor.Extract(events, T0.AddMinutes(3), Graph, new ClusterHistory());

        Assert.Equal(1 / 2.0, f[FeatureSchema.CriticalityMax], 5); // cart is one hop from the entry
        Assert.Equal(1, f[FeatureSchema.HopsMin]);
        Assert.Equal(1 / 3.0, f[FeatureSchema.OnsetCriticality], 5); // redis, two hops, signalled first
        Assert.Equal(3, f[FeatureSchema.Services]);
    }

    [Fact]
    public void Extract_SimilarClusters_CountOnlyOutcomesKnownAtTheMoment()
    {
        var history = new ClusterHistory();
        history.Record("redis", T0.AddMinutes(-60), becameIncident: true);
        history.Record("redis", T0.AddMinutes(-30), becameIncident: false);
        history.Record("redis", T0.AddMinutes(-20), becameIncident: true);
        history.Record("redis", T0.AddMinutes(10), becameIncident: true); // known only later
        history.Record("cart", T0.AddMinutes(-50), becameIncident: true); // another first service
        var events = new List<ClusterEvent> { Event(0, "a", "redis"), Event(1, "b", "cart") };

        var f = FeatureExtractor.Extract(events, T0.AddMinutes(2), Graph, history);

        Assert.Equal(3, f[FeatureSchema.SimilarSeen]);
        Assert.Equal((2 + 1) / (3 + 2.0), f[FeatureSchema.SimilarIncidentRate], 5);
    }

    [Fact]
    public void Tracker_Forget_RecordsTheOutcomeUnderTheFirstService()
    {
        var tracker = new ClusterTracker(Graph, new ClusterHistory());
        foreach (var e in Stream())
        {
            tracker.Observe(1, e);
        }

        tracker.Forget(1, T0.AddMinutes(20), becameIncident: true);

        Assert.Equal(0, tracker.OpenClusters);
        Assert.Equal((1, 1), tracker.History.Lookup("redis", T0.AddMinutes(20)));
        Assert.Equal((0, 0), tracker.History.Lookup("redis", T0.AddMinutes(19)));
    }

    [Fact]
    public void Names_MatchTheCount()
    {
        Assert.Equal(FeatureSchema.Count, FeatureSchema.Names.Count);
        Assert.All(Enumerable.Range(0, FeatureSchema.Count), i => Assert.False(string.IsNullOrWhiteSpace(FeatureSchema.Describe(i))));
    }
}
