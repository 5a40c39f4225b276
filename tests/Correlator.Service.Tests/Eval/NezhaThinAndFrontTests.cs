using Correlator.Domain;
using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Tests.Eval;

/// <summary>The guard on percentiles over too few requests (<c>--min-tail-requests</c>) and the order of the front end's SLI signals.</summary>
public sealed class NezhaThinAndFrontTests
{
    private static readonly DateTimeOffset T0 = new(2022, 8, 22, 9, 30, 0, TimeSpan.Zero);

    private static double Noise(int i) => 10 + ((i * 7) % 5) - 2; // 8..12, median 10, MAD 1

    [Fact]
    public void Skip_AThinMinuteBreaksTheConfirmation()
    {
        var kind = new KindThreshold(Z: 3, Floor: 1, MinRatio: 2);
        RobustBaseline Warm()
        {
            var detector = new RobustBaseline(RobustSettings.Default, kind);
            for (int i = 0; i < 20; i++)
            {
                Assert.False(detector.Observe(Noise(i)).Firing);
            }

            return detector;
        }

        var plain = Warm();
        Assert.False(plain.Observe(30).Firing);
        Assert.True(plain.Observe(30).Firing); // 2 of 2

        var gapped = Warm();
        Assert.False(gapped.Observe(30).Firing);
        Assert.False(gapped.Skip());
        Assert.False(gapped.Observe(30).Firing); // the skipped minute sits between them: 1 of the last 2
        Assert.True(gapped.Observe(30).Firing);
    }

    [Theory]
    [InlineData(0, 0.1, true)] // guard off
    [InlineData(2, 0.34, true)] // 0.34 x 60 x 0.1 = 2.04 requests above the P90
    [InlineData(2, 0.333, false)] // 1.998
    [InlineData(2, 0.2667, false)] // 16 requests a minute: 1.6 above the P90
    [InlineData(2, double.NaN, false)]
    public void EnoughTail_RequestsAboveThePercentileInTheMinute(double minimum, double workload, bool enough) =>
        Assert.Equal(enough, PodSignals.EnoughTail(RobustSettings.Default with { MinTailRequests = minimum }, workload));

    [Theory]
    [InlineData(0, 0.27, true)]
    [InlineData(2, 0.27, false)]
    [InlineData(2, 5, true)]
    public void Observe_MinTailRequests_APodsLatencyOverTooFewRequestsDoesNotFire(double minimum, double workload, bool fires)
    {
        var signals = new PodSignals(Settings(RobustSettings.Default with { MinTailRequests = minimum }));
        var fired = new List<Signal>();
        for (int m = 0; m < 30; m++)
        {
            // Two slow minutes (0.45 -> 1.6 s), the shape of 2022-08-22 15:12-15:13 on checkoutservice.
            signals.Observe(new PodRow(T0.AddMinutes(m), "checkout-1-a", Values(cpu: Noise(m), latency: m is 20 or 21 ? 1.6 : 0.40 + (0.01 * Noise(m)), workload: workload)), fired);
        }

        Assert.Equal(fires, fired.Any(s => s.Name == "PodServerLatencyP90(s)" && s.Status == SignalStatus.Firing));
    }

    [Fact]
    public void Run_TheFrontSliOfAMinuteGoesToTheEngineAfterThePodSignalsOfThatMinute()
    {
        // catalog's CPU jumps at 09:50-09:51 and the front end fails 50 % of its requests in the same minutes; the front
        // rows carry earlier seconds (:10) than the pod rows (:20), and ads (flat) is the minute's first pod row.
        var rows = new List<PodRow>();
        var front = new List<FrontRow>();
        for (int m = 0; m < 40; m++)
        {
            var at = T0.AddMinutes(m).AddSeconds(20);
            bool fault = m is 20 or 21;
            rows.Add(new PodRow(at, "ads-1-a", Values(cpu: Noise(m), latency: 0.01, workload: 5)));
            rows.Add(new PodRow(at.AddMilliseconds(100), "catalog-1-a", Values(cpu: fault ? 90 : Noise(m + 1), latency: 0.01, workload: 50)));
            front.Add(new FrontRow(T0.AddMinutes(m).AddSeconds(10), fault ? 50 : 100, 0.4));
        }

        var day = new NezhaDay("2022-08-22", rows, front, [("frontend", "catalog"), ("frontend", "ads")], []);
        var result = NezhaEvaluation.Run(day, Settings(RobustSettings.Default with { FrontSli = true }));

        var (openedAt, services) = Assert.Single(result.FalseOpenings);
        Assert.Equal(T0.AddMinutes(21).AddSeconds(20).AddMilliseconds(100), openedAt);
        Assert.Contains("opened by catalog-1-a/CpuUsageRate(%)", services, StringComparison.Ordinal);
        Assert.Contains("front_service/failure-rate", services, StringComparison.Ordinal);
    }

    private static NezhaSettings Settings(RobustSettings robust) =>
        new(PodSignals.RobustDetector, 0.9999, 1, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2), null, robust);

    private static double[] Values(double cpu, double latency, double workload)
    {
        var values = new double[NezhaDay.Metrics.Length];
        values[Array.IndexOf(NezhaDay.Metrics, "CpuUsageRate(%)")] = cpu;
        values[Array.IndexOf(NezhaDay.Metrics, "PodServerLatencyP90(s)")] = latency;
        values[Array.IndexOf(NezhaDay.Metrics, "PodWorkload(Ops)")] = workload;
        return values;
    }
}
