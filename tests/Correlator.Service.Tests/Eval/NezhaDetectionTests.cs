using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Tests.Eval;

public sealed class NezhaDetectionTests
{
    private static readonly DateTimeOffset T0 = new(2022, 8, 22, 9, 30, 0, TimeSpan.Zero);

    private static RobustBaseline Cpu(int confirm = 2, int of = 2) =>
        new(RobustSettings.Default with { Confirm = confirm, Of = of }, new KindThreshold(Z: 3, Floor: 1, MinRatio: 2));

    private static double Noise(int i) => 10 + ((i * 7) % 5) - 2; // 8..12, deterministic

    [Fact]
    public void Observe_BeforeMinHistory_NeverAnomalous()
    {
        var detector = Cpu(confirm: 1, of: 1);

        Assert.False(detector.Observe(10).Firing);
        Assert.False(detector.Observe(10).Firing);
        Assert.False(detector.Observe(500).Firing); // only two normal points so far: not judged
        Assert.True(detector.Observe(500).Firing); // three normal points now (the unjudged 500 entered the baseline, the median is still 10)
    }

    [Fact]
    public void Observe_SustainedRise_FiresOnTheSecondAnomalousMinuteAndStopsWhenBack()
    {
        var detector = Cpu();
        for (int i = 0; i < 20; i++)
        {
            Assert.False(detector.Observe(Noise(i)).Firing);
        }

        var first = detector.Observe(80);
        Assert.False(first.Firing); // 1 of 2
        Assert.True(first.Strength > 1);
        Assert.True(detector.Observe(85).Firing); // 2 of 2
        Assert.True(detector.Observe(90).Firing);
        Assert.False(detector.Observe(10).Firing); // 1 of the last 2
    }

    [Fact]
    public void Observe_SingleSpikeOrDrop_DoesNotFire()
    {
        var detector = Cpu();
        for (int i = 0; i < 20; i++)
        {
            detector.Observe(Noise(i));
        }

        Assert.False(detector.Observe(90).Firing); // one spike
        Assert.False(detector.Observe(10).Firing);
        Assert.False(detector.Observe(0).Firing); // a drop: the test is one-sided (up)
        Assert.False(detector.Observe(0).Firing);
    }

    [Fact]
    public void Observe_StatisticallyHighButSmallRelativeChange_DoesNotFire()
    {
        var detector = Cpu(confirm: 1, of: 1);
        for (int i = 0; i < 20; i++)
        {
            detector.Observe(100); // flat: MAD 0, scale = floor 1
        }

        Assert.False(detector.Observe(150).Firing); // 50 robust deviations, but below 2x the median
        Assert.True(detector.Observe(210).Firing);
    }

    [Fact]
    public void Observe_LongFault_DoesNotBecomeTheNewNormal()
    {
        var detector = Cpu();
        for (int i = 0; i < 10; i++)
        {
            detector.Observe(Noise(i));
        }

        for (int i = 0; i < 40; i++)
        {
            detector.Observe(90); // anomalous points never enter the 30-point baseline
        }

        Assert.True(detector.Firing);
    }

    [Fact]
    public void LoadEdges_JoinsCallerAndCalleeViewsOnTheMinute()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nezha-edges-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "source_50.csv"), """
                time,timestamp,frontend_cartservice,checkoutservice_cartservice
                2022-08-22 03:51:20.02 +0000 UTC m=+0.5,1661140280,0.25,
                2022-08-22 03:52:19.94 +0000 UTC m=+60.4,1661140339,0.004,0.005
                """);
            File.WriteAllText(Path.Combine(folder, "destination_50.csv"), """
                time,timestamp,checkoutservice_cartservice,frontend_cartservice
                2022-08-22 03:51:19.97 +0000 UTC m=+0.4,1661140279,0.003,0.003
                """);

            var edges = NezhaDay.LoadEdges(folder);

            Assert.Equal(4, edges.Count);
            var first = edges[1];
            Assert.Equal(("frontend", "cartservice", 0.25, 0.003), (first.Caller, first.Callee, first.Source, first.Destination));
            Assert.True(double.IsNaN(edges[0].Source)); // empty cell
            Assert.True(double.IsNaN(edges[3].Destination)); // no destination row for 03:52
            Assert.Empty(NezhaDay.LoadEdges(Path.Combine(folder, "none")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Run_NetworkDelayOnTheEdgesIntoCart_CaughtWithCartFirstAndNoFalseIncident()
    {
        // frontend -> cart, frontend -> ads. At 10:00:30 a network delay hits cart: the caller-side latency of
        // frontend -> cart rises while cart's own view (destination) stays; frontend's server latency rises too
        // (it waits for cart). Cart's pod metrics do not move. Cart must be caught and ranked above frontend.
        var fault = new NezhaFault(T0.AddMinutes(30).AddSeconds(30), "cart-1-a", "cart", "network_delay");
        var rows = new List<PodRow>();
        var edges = new List<EdgeRow>();
        for (int m = 0; m < 240; m++)
        {
            var at = T0.AddMinutes(m);
            bool delayed = m is >= 31 and <= 35;
            rows.Add(new PodRow(at, "ads-1-a", Pod(Noise(m), 0.010)));
            rows.Add(new PodRow(at, "cart-1-a", Pod(Noise(m + 1), 0.005)));
            rows.Add(new PodRow(at, "frontend-1-a", Pod(Noise(m + 2), delayed && m > 31 ? 0.9 : 0.2 + (Noise(m) / 1000))));
            edges.Add(new EdgeRow(at, "frontend", "ads", 0.010 + (Noise(m) / 10_000), 0.008));
            edges.Add(new EdgeRow(at, "frontend", "cart", delayed ? 0.7 : 0.005 + (Noise(m) / 10_000), 0.004));
        }

        var day = new NezhaDay("2022-08-22", rows, [.. rows.Where(r => r.Pod == "ads-1-a").Select(r => new FrontRow(r.At, 100, 1))], [("frontend", "cart"), ("frontend", "ads")], [fault])
        {
            Edges = edges,
        };
        var settings = new NezhaSettings(PodSignals.RobustDetector, 0.9999, 1, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2), null, RobustSettings.Default);

        var result = NezhaEvaluation.Run(day, settings);

        var outcome = Assert.Single(result.Faults);
        Assert.True(outcome.CaughtWithin(TimeSpan.FromMinutes(3)), $"delay {outcome.Delay}");
        Assert.Equal("cart", outcome.RankedFirst);
        Assert.Equal(0, result.FalseIncidents);
    }

    private static double[] Pod(double cpu, double serverLatency)
    {
        var values = new double[NezhaDay.Metrics.Length];
        values[Array.IndexOf(NezhaDay.Metrics, "CpuUsageRate(%)")] = cpu;
        values[Array.IndexOf(NezhaDay.Metrics, "PodServerLatencyP90(s)")] = serverLatency;
        return values;
    }
}
