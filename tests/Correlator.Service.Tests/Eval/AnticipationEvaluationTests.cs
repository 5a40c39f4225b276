using Correlator.Prediction;
using Correlator.Service.Bench.Correlation;
using Correlator.Service.Cli;
using Correlator.Service.Eval.Anticipation;
using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Tests.Eval;

public sealed class AnticipationEvaluationTests
{
    private static readonly DateTimeOffset T0 = new(2022, 8, 22, 9, 30, 0, TimeSpan.Zero);

    private static List<FrontRow> Front(params (int Minute, double Success, double Latency)[] bad) =>
        [.. Enumerable.Range(0, 121).Select(m => bad.FirstOrDefault(b => b.Minute == m) is var b && b != default ? new FrontRow(T0.AddMinutes(m), b.Success, b.Latency) : new FrontRow(T0.AddMinutes(m), 100, 1.0))];

    [Fact]
    public async Task CeilingCheck_ListsFirstSignalAndImpactPerFault_AndRecountsTheCeiling()
    {
        FaultOutcome Outcome(int fault, int? signal, int hit) =>
            new(new NezhaFault(T0.AddMinutes(fault), $"svc{fault}-1", $"svc{fault}", "cpu"), T0.AddMinutes(hit), null, T0.AddMinutes(fault + 1))
            { FirstSignalAt = signal is { } s ? T0.AddMinutes(s) : null };
        var faults = new List<(string, FaultOutcome)>
        {
            ("2022-08-22", Outcome(10, 11, 14)), // signal 3 min before users: counts
            ("2022-08-22", Outcome(30, 32, 33)), // 1 min before: does not
            ("2022-08-23", Outcome(50, null, 52)), // never signalled
            ("2022-08-23", Outcome(70, 74, 72)), // after users
        };
        double line = faults.Count(f => f.Item2.SignalledBeforeImpact(TimeSpan.FromMinutes(2))) / 4.0;
        using var output = new StringWriter();

        bool agrees = await AnticipationReport.PrintCeilingCheckAsync(output, faults, line);
        bool wrong = await AnticipationReport.PrintCeilingCheckAsync(TextWriter.Null, faults, 0.5);

        var text = System.Text.RegularExpressions.Regex.Replace(output.ToString(), " +", " ");
        Assert.True(agrees);
        Assert.False(wrong);
        Assert.Equal(0.25, line);
        Assert.Contains("2022-08-22 09:40:00 svc10 09:41 09:41 09:44 +3.0 min >= 2 min", text, StringComparison.Ordinal);
        Assert.Contains("2022-08-22 10:00:00 svc30 10:01 10:02 10:03 +1.0 min\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("2022-08-23 10:20:00 svc50 10:21 none 10:22 -", text, StringComparison.Ordinal);
        Assert.Contains("2022-08-23 10:40:00 svc70 10:41 10:44 10:42 -2.0 min", text, StringComparison.Ordinal);
        Assert.Contains("1 of 4 listed faults have a signal >= 2 min before users were hit = 25.0 %", text, StringComparison.Ordinal);
    }

    [Fact]
    public void UserImpact_DropOrSlowdownAgainstTheTrailingMedian_IsImpact()
    {
        var impact = new UserImpact(Front((5, 50, 9), (20, 98.5, 1.0), (30, 100, 1.6), (40, 100, 1.4), (50, 99.5, 1.0)));

        Assert.Null(impact.First(T0, T0.AddMinutes(19))); // minute 5 has too little baseline
        Assert.Equal(T0.AddMinutes(20), impact.First(T0, T0.AddMinutes(120))); // 1.5 points below 100
        Assert.Equal(T0.AddMinutes(30), impact.First(T0.AddMinutes(21), T0.AddMinutes(120))); // 1.6 > 1.5 x 1.0
        Assert.Null(impact.First(T0.AddMinutes(31), T0.AddMinutes(120))); // 1.4x and 0.5 points are within the rule
        Assert.Equal(2, impact.ImpactedMinutes);
        Assert.True(impact.Any(T0.AddMinutes(25), T0.AddMinutes(30)));
        Assert.False(impact.Any(T0.AddMinutes(31), T0.AddMinutes(119)));
    }

    [Fact]
    public void Score_OnePredictionPerCluster_JudgedAgainstFaultsAndImpact()
    {
        var fault = new NezhaFault(T0.AddMinutes(30).AddSeconds(30), "cart-1-a", "cart", "cpu_contention");
        var rows = Enumerable.Range(0, 121).Select(m => new PodRow(T0.AddMinutes(m), "cart-1-a", [])).ToList();
        var day = new NezhaDay("2022-08-22", rows, Front((33, 100, 3.0)), [], [fault]);
        var impact = new UserImpact(day.Front);
        ClusterUpdate Update(int minute, long cluster, float probability, string suspect)
        {
            var f = new float[FeatureSchema.Count];
            f[0] = probability;
            return new ClusterUpdate(T0.AddMinutes(minute), cluster, f, suspect);
        }

        var replay = new ReplayedDay(day, impact, [
            Update(20, 7, 0.2f, "ads"), // below the threshold: nothing
            Update(31, 1, 0.9f, "cart"), // raised 2 minutes before users are hit at 33
            Update(32, 1, 0.95f, "cart"), // same cluster: no second prediction
            Update(90, 2, 0.8f, "ads"), // fault-free time, no impact follows: a false prediction
        ], new ClusterHistory(), TimeSpan.Zero);

        var result = AnticipationEvaluation.Score(replay, new FirstFeatureScorer(), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10));

        var outcome = Assert.Single(result.Faults);
        Assert.Equal(T0.AddMinutes(33), outcome.UsersHitAt);
        Assert.Equal(2.0, outcome.LeadMinutes);
        Assert.True(outcome.PredictedBeforeImpact);
        Assert.True(outcome.RightService);
        Assert.True(outcome.PredictableBeforeImpact(TimeSpan.FromMinutes(2))); // first metric minute 31, users hit at 33
        Assert.Equal(2, result.Predictions.Count);
        Assert.Equal(1, result.TruePredictions);
        Assert.Equal(0.5, result.Precision);
        Assert.Equal(1, result.FalseInFaultFreeTime);
        Assert.Equal(110 / 1440.0, result.FaultFreeDays, 9);
    }

    // No user is ever hit, so every prediction is false and is dismissed 15 min (the horizon) after it is raised.
    // Clusters (minute, id, fingerprints): 1 at 10 {a}; 2 at 20 {a, b}, before 1's dismissal at 25; 3 at 30 and 31 {a};
    // 4 at 40 {c}, unrelated; 5 at 100 {a}, predicted once both dismissals (at 25 and 35) have expired.
    // Dismissed: those whose horizon ended by the last update (5's, at 115, did not).
    public static TheoryData<int, long[], int, int> Suppressions => new()
    {
        { 0, [1, 2, 3, 4, 5], 0, 0 }, // off: as before
        { 60, [1, 2, 4, 5], 1, 3 }, // 3 holds a, dismissed at 25 until 85; 5 at 100 is past 2's 95
        { 80, [1, 2, 4], 2, 3 }, // 1's dismissal of a now lasts until 105
    };

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Score_DismissalSuppression_WithholdsClustersHoldingADismissedSignal(int minutes, long[] predicted, int withheld, int dismissed)
    {
        var rows = Enumerable.Range(0, 121).Select(m => new PodRow(T0.AddMinutes(m), "cart-1-a", [])).ToList();
        var day = new NezhaDay("2022-08-22", rows, Front(), [], []);
        ClusterUpdate Update(int minute, long cluster, params string[] fingerprints)
        {
            var f = new float[FeatureSchema.Count];
            f[0] = 0.9f;
            return new ClusterUpdate(T0.AddMinutes(minute), cluster, f, null) { Fingerprints = fingerprints };
        }

        var replay = new ReplayedDay(day, new UserImpact(day.Front), [
            Update(10, 1, "a"), Update(20, 2, "a", "b"), Update(30, 3, "a"), Update(31, 3, "a"), Update(40, 4, "c"), Update(100, 5, "a"),
        ], new ClusterHistory(), TimeSpan.Zero);

        var result = AnticipationEvaluation.Score(replay, new FirstFeatureScorer(), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(minutes));

        Assert.Equal(predicted, result.Predictions.Select(p => p.ClusterId));
        Assert.Equal(withheld, result.Suppressed);
        Assert.Equal(dismissed, result.Dismissed);
    }

    [Fact]
    public void Samples_LabelIsImpactWithinTheHorizon()
    {
        var rows = Enumerable.Range(0, 121).Select(m => new PodRow(T0.AddMinutes(m), "cart-1-a", [])).ToList();
        var day = new NezhaDay("d", rows, Front((60, 90, 1.0)), [], []);
        var f = new float[FeatureSchema.Count];
        var replay = new ReplayedDay(day, new UserImpact(day.Front), [new(T0.AddMinutes(44), 1, f, null), new(T0.AddMinutes(45), 1, f, null), new(T0.AddMinutes(61), 1, f, null)], new ClusterHistory(), TimeSpan.Zero);

        var samples = AnticipationEvaluation.Samples(replay, TimeSpan.FromMinutes(15));

        Assert.Equal([false, true, false], samples.Select(s => s.Label));
    }

    [Fact]
    public void Settings_DetectorOption_RobustByDefaultCatalogOnRequestUnknownRefused()
    {
        NezhaSettings Parse(params string[] args) => AnticipationCommand.Settings(new VerbArguments(args, AnticipationCommand.Usage, "--detector", "--threshold", "--confirm", "--of"));

        var robust = Parse();
        Assert.Equal(PodSignals.RobustDetector, robust.Detector);
        Assert.Equal(RobustSettings.Default, robust.Robust);
        var gaussian = Parse("--detector", "windowedGaussian", "--threshold", "0.99");
        Assert.Null(gaussian.Robust);
        Assert.Equal(0.99, gaussian.Threshold);
        Assert.Equal((1, 1), (Parse("--confirm", "1", "--of", "1").Robust!.Confirm, Parse("--confirm", "1", "--of", "1").Robust!.Of));
        Assert.Throws<UsageException>(() => Parse("--detector", "nosuch"));
        Assert.Throws<UsageException>(() => Parse("--confirm", "3", "--of", "2"));
    }

    [Fact]
    public void Replay_RobustDetector_EdgeDelayOnCartFiresOnCartBeforeUsersAreHit()
    {
        // frontend -> cart: from minute 31 the caller-side latency of the edge into cart rises; cart's own pod metrics
        // stay flat. Users are hit at minute 35. Only the edge series (attributed to the callee) can see cart early.
        var fault = new NezhaFault(T0.AddMinutes(30).AddSeconds(30), "cart-1-a", "cart", "network_delay");
        var rows = new List<PodRow>();
        var edges = new List<EdgeRow>();
        for (int m = 0; m < 121; m++)
        {
            var at = T0.AddMinutes(m);
            rows.Add(new PodRow(at, "cart-1-a", Pod(Noise(m + 1), 0.005)));
            rows.Add(new PodRow(at, "frontend-1-a", Pod(Noise(m + 2), 0.2 + (Noise(m) / 1000))));
            edges.Add(new EdgeRow(at, "frontend", "cart", m is >= 31 and <= 36 ? 0.7 : 0.005 + (Noise(m) / 10_000), 0.004));
        }

        var day = new NezhaDay("2022-08-22", rows, Front((35, 100, 3.0)), [("frontend", "cart")], [fault]) { Edges = edges };
        var settings = AnticipationCommand.Settings(new VerbArguments([], AnticipationCommand.Usage));

        var replay = AnticipationReplay.Run(day, new UserImpact(day.Front), settings, new ClusterHistory());
        var result = AnticipationEvaluation.Score(replay, new FirstFeatureScorer(), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10));

        Assert.Contains(replay.Fired, s => s.Service == "cart" && s.At == T0.AddMinutes(32)); // 2 of 2 anomalous edge minutes
        Assert.DoesNotContain(replay.Fired, s => s.At < T0.AddMinutes(31));
        Assert.Contains(replay.Updates, u => u.At == T0.AddMinutes(32) && u.Suspect == "cart");
        var outcome = Assert.Single(result.Faults);
        Assert.Equal(T0.AddMinutes(35), outcome.UsersHitAt);
        Assert.Equal(T0.AddMinutes(32), outcome.FirstSignalAt);
        Assert.True(outcome.SignalledBeforeImpact(TimeSpan.FromMinutes(2)));
        Assert.False(outcome.SignalledBeforeImpact(TimeSpan.FromMinutes(4)));

        var old = AnticipationReplay.Run(day, new UserImpact(day.Front), settings with { Detector = "windowedGaussian", Robust = null }, new ClusterHistory());
        Assert.DoesNotContain(old.Fired, s => s.Service == "cart" && s.At >= T0.AddMinutes(31) && s.At < T0.AddMinutes(35)); // pod metrics of cart are flat
    }

    private static double Noise(int i) => 10 + ((i * 7) % 5) - 2; // 8..12, deterministic

    private static double[] Pod(double cpu, double serverLatency)
    {
        var values = new double[NezhaDay.Metrics.Length];
        values[Array.IndexOf(NezhaDay.Metrics, "CpuUsageRate(%)")] = cpu;
        values[Array.IndexOf(NezhaDay.Metrics, "PodServerLatencyP90(s)")] = serverLatency;
        return values;
    }

    /// <summary>A scorer whose probability is the first feature, so the test sets each update's fate.</summary>
    private sealed class FirstFeatureScorer : IAnticipationScorer
    {
        public string Method => "first feature";

        public double Threshold => 0.5;

        public AnticipationScore Score(float[] features) => new(features[0], Threshold, Method, []);
    }
}
