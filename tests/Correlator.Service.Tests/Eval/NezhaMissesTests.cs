using Correlator.Domain;
using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Tests.Eval;

public sealed class NezhaMissesTests
{
    private static readonly DateTimeOffset T0 = new(2022, 8, 22, 9, 30, 0, TimeSpan.Zero);

    private static double Noise(int i) => 10 + ((i * 7) % 5) - 2; // 8..12, median 10, MAD 1

    // CPU-like kind: Z 3, floor 1, ratio 2; with Noise the scale is 1.4826 + 1 = 2.4826, so Z is reached at 10 + 7.45.
    private static RobustBaseline Detector(RobustSettings settings, KindThreshold? threshold = null) =>
        new(settings, threshold ?? new KindThreshold(Z: 3, Floor: 1, MinRatio: 2));

    private static RobustBaseline Warm(RobustBaseline detector)
    {
        for (int i = 0; i < 20; i++)
        {
            Assert.False(detector.Observe(Noise(i)).Firing);
        }

        return detector;
    }

    [Fact]
    public void Spike_OnePointAtSTimesZFiresAlone_BelowItNeedsConfirmation()
    {
        // 1.5 x Z: z >= 4.5, i.e. value >= 10 + 4.5 x 2.4826 = 21.17 (and >= 2 x 10).
        var spiky = Warm(Detector(RobustSettings.Default with { Spike = 1.5 }));
        Assert.False(spiky.Observe(20.5).Firing); // anomalous (z 4.23 >= 3) but under 1.5 Z: 1 of 2
        Assert.False(spiky.Observe(10).Firing);
        Assert.True(spiky.Observe(21.5).Firing); // z 4.63 >= 4.5: fires at once
        Assert.False(spiky.Observe(10).Firing); // and stops when back

        var plain = Warm(Detector(RobustSettings.Default));
        Assert.False(plain.Observe(21.5).Firing); // without the rule a single point never fires
    }

    [Fact]
    public void Spike_PerKindOverridesTheSettingAndStillNeedsTheRatio()
    {
        var perKind = Warm(Detector(RobustSettings.Default, new KindThreshold(3, 1, 2) { Spike = 1.5 }));
        Assert.True(perKind.Observe(30).Firing);

        // Ratio 4: 30 is z 8 (2.7 Z) but only 3 x the median of 10: no spike, not even anomalous.
        var ratio = Warm(Detector(RobustSettings.Default, new KindThreshold(3, 1, 4) { Spike = 1.5 }));
        Assert.False(ratio.Observe(30).Firing);
        Assert.False(ratio.Observe(30).Firing);
    }

    [Fact]
    public void ConfirmFraction_ASupportingPointConfirmsAnAnomalousOne()
    {
        // Z 10 (anomalous from 10 + 24.8 = 34.8); fraction 0.4: supporting from z 4 (19.9) and 2 x the median (20).
        var kind = new KindThreshold(10, 1, 2);
        var hysteresis = Warm(Detector(RobustSettings.Default with { ConfirmFraction = 0.4 }, kind));
        Assert.False(hysteresis.Observe(40).Firing); // anomalous, 1 of 2
        Assert.True(hysteresis.Observe(25).Firing); // supporting: 2 of 2 with one anomalous

        var strict = Warm(Detector(RobustSettings.Default, kind));
        Assert.False(strict.Observe(40).Firing);
        Assert.False(strict.Observe(25).Firing); // fraction 1: 25 is not anomalous, so 1 of 2

        var belowRatio = Warm(Detector(RobustSettings.Default with { ConfirmFraction = 0.4 }, kind));
        Assert.False(belowRatio.Observe(40).Firing);
        Assert.False(belowRatio.Observe(19).Firing); // under 2 x the median: not supporting
    }

    [Fact]
    public void ConfirmFraction_OnlySupportingPoints_NeverFire()
    {
        var detector = Warm(Detector(RobustSettings.Default with { ConfirmFraction = 0.4 }, new KindThreshold(10, 1, 2)));
        Assert.False(detector.Observe(25).Firing);
        Assert.False(detector.Observe(25).Firing); // two supporting points, none anomalous
        Assert.False(detector.Observe(25).Firing);
        Assert.True(detector.Observe(40).Firing); // 25 then 40: one supporting, one anomalous (the 25s stayed out of the baseline)
    }

    [Fact]
    public void Down_ADropFires_ARiseDoesNot()
    {
        var down = new KindThreshold(3, 1, 2) { Down = true };
        var drop = Warm(Detector(RobustSettings.Default, down));
        Assert.False(drop.Observe(30).Firing);
        Assert.True(drop.Last!.Z < 0); // a rise is a negative z for a Down kind
        Assert.False(drop.Observe(30).Firing);
        Assert.False(drop.Observe(2).Firing); // z (10 - 2) / 2.4826 = 3.2 and 2 <= 10 / 2: 1 of 2
        Assert.True(drop.Observe(1).Firing);

        var notHalf = Warm(Detector(RobustSettings.Default, down));
        Assert.False(notHalf.Observe(6).Firing);
        Assert.False(notHalf.Observe(6).Firing); // z 1.6 and above half the median
    }

    [Theory]
    [InlineData("cart-1-a/CpuUsageRate(%)", "cart-1-a/CpuUsageRate(%)")]
    [InlineData("cart-1-a/MemoryUsageRate(%)", "cart-1-a/MemoryUsageRate(%)")]
    [InlineData("frontend->cart/caller-latency", "frontend->cart/latency")]
    [InlineData("frontend->cart/callee-latency", "frontend->cart/callee-latency")]
    [InlineData("frontend->cart/gap", "frontend->cart/gap")]
    [InlineData("front_service/SuccessRate", "front_service/failure-rate")]
    [InlineData("front_service/LatencyP90", "front_service/latency-p90")]
    public void DetectorKey_MapsFootprintSeriesToTheDetectorsKeys(string footprint, string detector) =>
        Assert.Equal(detector, NezhaMisses.DetectorKey(footprint));

    [Fact]
    public void Classify_FirstRuleThatKeptTheSeriesQuiet()
    {
        static TracedPoint P(double z, bool judged = true, bool anomalous = false, bool firing = false, bool vetoed = false, double value = 30) =>
            new(T0, SeriesKind.Cpu, new JudgedPoint(value, 10, z, judged, anomalous, 3, 2), firing, vetoed);
        static MissMinute M(TracedPoint? p) => new(T0, 30, 9, p);

        Assert.Equal(MissCause.NotFollowed, NezhaMisses.Classify(null, [M(null)]));
        Assert.Equal(MissCause.NoJudgement, NezhaMisses.Classify([], [M(P(0, judged: false))]));
        Assert.Equal(MissCause.BelowZ, NezhaMisses.Classify([], [M(P(2.9)), M(P(1))]));
        Assert.Equal(MissCause.BelowRatio, NezhaMisses.Classify([], [M(P(4))]));
        Assert.Equal(MissCause.Persistence, NezhaMisses.Classify([], [M(P(4, anomalous: true)), M(P(1))]));
        Assert.Equal(MissCause.Vetoed, NezhaMisses.Classify([], [M(P(4, anomalous: true, vetoed: true))]));
        Assert.Equal(MissCause.FiredNotCounted, NezhaMisses.Classify([], [M(P(4, anomalous: true, firing: true))]));
    }

    [Fact]
    public void Explain_AOneMinuteCpuSpikeIsAPersistenceMiss_AndTheSpikeRuleCatchesIt()
    {
        // A 'return' fault on ads at 10:00:30: ads' CPU jumps for one minute (10 -> 60), then back. Its memory steps up
        // a little, 40 -> 43 (z 7.5 against 1 % of 40; not followed). Nothing else moves.
        var fault = new NezhaFault(T0.AddMinutes(30).AddSeconds(30), "ads-1-a", "ads", "return");
        var rows = new List<PodRow>();
        for (int m = 0; m < 60; m++)
        {
            var at = T0.AddMinutes(m);
            rows.Add(new PodRow(at, "ads-1-a", Values(m == 31 ? 60 : Noise(m), m >= 31 ? 43 : 40)));
            rows.Add(new PodRow(at, "frontend-1-a", Values(Noise(m + 2), 30)));
        }

        var day = new NezhaDay("2022-08-22", rows, [.. rows.Where(r => r.Pod == "frontend-1-a").Select(r => new FrontRow(r.At, 100, 1))], [("frontend", "ads")], [fault]);

        var plain = NezhaEvaluation.Run(day, Settings(RobustSettings.Default));
        var misses = NezhaMisses.Explain(day, plain, plain.Trace, TimeSpan.FromMinutes(3), 30, 6);

        var miss = Assert.Single(misses);
        Assert.Equal(MissCause.Persistence, miss.Cause);
        var cpu = miss.Series[0];
        Assert.Equal(("ads-1-a/CpuUsageRate(%)", "ads-1-a/CpuUsageRate(%)", MissCause.Persistence), (cpu.Series, cpu.DetectorKey, cpu.Cause));
        Assert.True(cpu.Minutes.Single(m => m.At == T0.AddMinutes(31)).Detector!.Point.Anomalous);
        var memory = Assert.Single(miss.Series, s => s.Series == "ads-1-a/MemoryUsageRate(%)");
        Assert.Equal((null, MissCause.NotFollowed), (memory.DetectorKey, memory.Cause));

        var spike = NezhaEvaluation.Run(day, Settings(RobustSettings.Default with { Cpu = RobustSettings.Default.Cpu with { Spike = 1.5 } }));
        Assert.True(Assert.Single(spike.Faults).CaughtWithin(TimeSpan.FromMinutes(3)));
        Assert.Equal("ads", spike.Faults[0].RankedFirst);
        Assert.Empty(NezhaMisses.Explain(day, spike, spike.Trace, TimeSpan.FromMinutes(3), 30, 6));
    }

    [Fact]
    public void Observe_FollowWorkload_ADropOfThePodsTrafficFiresOnItsServiceOnlyWhenEnabled()
    {
        List<Signal> Run(bool follow)
        {
            var signals = new PodSignals(Settings(RobustSettings.Default with { FollowWorkload = follow }));
            var fired = new List<Signal>();
            for (int m = 0; m < 30; m++)
            {
                var values = Values(Noise(m), 40);
                values[Array.IndexOf(NezhaDay.Metrics, "PodWorkload(Ops)")] = m is >= 20 and <= 23 ? 8 : 50 + Noise(m);
                signals.Observe(new PodRow(T0.AddMinutes(m), "catalog-1-a", values), fired);
            }

            return fired;
        }

        Assert.Empty(Run(follow: false));
        var fired = Run(follow: true);
        Assert.Equal(2, fired.Count); // fires on the second low minute, resolves when back
        Assert.Equal(("catalog", "PodWorkload(Ops)", SignalStatus.Firing, T0.AddMinutes(21)), (fired[0].Service, fired[0].Name, fired[0].Status, fired[0].EventTime));
    }

    [Fact]
    public void ObserveEdge_FollowCallee_TheCalleeSideLatencyFiresOnTheCallee()
    {
        var signals = new PodSignals(Settings(RobustSettings.Default with { FollowCallee = true }));
        var fired = new List<Signal>();
        for (int m = 0; m < 30; m++)
        {
            // The callee itself is slow (both views rise together, so the gap stays 0).
            double latency = m is >= 20 and <= 22 ? 0.6 : 0.01;
            signals.ObserveEdge(new EdgeRow(T0.AddMinutes(m), "frontend", "cart", latency, latency), fired);
        }

        Assert.Contains(fired, s => s.Name == "EdgeCalleeLatency" && s.Service == "cart" && s.Status == SignalStatus.Firing);
        Assert.DoesNotContain(fired, s => s.Name == "EdgeNetworkGap");
    }

    private static NezhaSettings Settings(RobustSettings robust) =>
        new(PodSignals.RobustDetector, 0.9999, 1, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2), null, robust);

    private static double[] Values(double cpu, double memory = 0)
    {
        var values = new double[NezhaDay.Metrics.Length];
        values[Array.IndexOf(NezhaDay.Metrics, "CpuUsageRate(%)")] = cpu;
        values[Array.IndexOf(NezhaDay.Metrics, "MemoryUsageRate(%)")] = memory;
        values[Array.IndexOf(NezhaDay.Metrics, "PodServerLatencyP90(s)")] = 0.01;
        return values;
    }
}
