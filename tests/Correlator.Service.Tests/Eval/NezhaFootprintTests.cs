using Correlator.Domain;
using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Tests.Eval;

public sealed class NezhaFootprintTests
{
    private static readonly DateTimeOffset T0 = new(2022, 8, 22, 9, 30, 0, TimeSpan.Zero);

    private static double Noise(int i) => 10 + ((i * 7) % 5) - 2; // 8..12, median 10, MAD 1

    private static NezhaSettings Settings(RobustSettings robust) =>
        new(PodSignals.RobustDetector, 0.9999, 1, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2), null, robust);

    [Fact]
    public void MaxZ_KnownAnswer_AgainstTheMinutesBeforeOnly()
    {
        // Baseline minutes 0..29: values 8..12, median 10, MAD 1, scale 1.4826. After: 10, 16, then 40 (4 minutes later, outside).
        var points = Enumerable.Range(0, 30).Select(m => (T0.AddMinutes(m), Noise(m))).ToList();
        points.Add((T0.AddMinutes(30), 10));
        points.Add((T0.AddMinutes(31), 16));
        points.Add((T0.AddMinutes(34), 40));

        var z = NezhaFootprint.MaxZ(points, T0.AddMinutes(30), TimeSpan.FromMinutes(3), 30);

        Assert.Equal(6 / 1.4826, z, 6);
    }

    [Fact]
    public void MaxZ_TwoSidedWithARelativeFloorOnAFlatSeries()
    {
        var points = Enumerable.Range(0, 30).Select(m => (T0.AddMinutes(m), 100.0)).ToList();
        points.Add((T0.AddMinutes(30), 95)); // a drop of 5 on a flat 100: scale = 1 % of 100 = 1

        Assert.Equal(5, NezhaFootprint.MaxZ(points, T0.AddMinutes(30), TimeSpan.FromMinutes(3), 30), 6);
        Assert.Equal(0, NezhaFootprint.MaxZ(points.Take(2).ToList(), T0.AddMinutes(30), TimeSpan.FromMinutes(3), 30)); // fewer than 3 baseline points
    }

    [Fact]
    public void Measure_OnlySeriesOfTheFaultyServiceCount_IncludingEdgesIntoItAndTheFrontSlis()
    {
        var fault = new NezhaFault(T0.AddMinutes(30).AddSeconds(10), "cart-1-a", "cart", "return");
        var front = new NezhaFault(T0.AddMinutes(60).AddSeconds(10), "frontend-1-a", "frontend", "return");
        var rows = new List<PodRow>();
        var edges = new List<EdgeRow>();
        var slis = new List<FrontRow>();
        for (int m = 0; m < 90; m++)
        {
            var at = T0.AddMinutes(m);
            rows.Add(new PodRow(at, "ads-1-a", Values(m is 31 ? 500 : Noise(m)))); // another service moves: must not count
            rows.Add(new PodRow(at, "cart-1-a", Values(Noise(m))));
            rows.Add(new PodRow(at, "frontend-1-a", Values(Noise(m))));
            edges.Add(new EdgeRow(at, "frontend", "cart", m is 32 ? 0.5 : 0.01, 0.01)); // caller-side latency into cart moves
            slis.Add(new FrontRow(at, m is 61 ? 50 : 100, 1));
        }

        var day = new NezhaDay("d", rows, slis, [("frontend", "cart")], [fault, front]) { Edges = edges };

        var result = NezhaFootprint.Measure(day, TimeSpan.FromMinutes(3), 30);

        Assert.Equal("frontend->cart/gap", result[0].Series); // 0.49 over a flat 0 (scale 1e-9) beats the caller-side 0.49 over 1 % of 0.01
        Assert.True(result[0].MaxZ > 1e6);
        Assert.Equal("front_service/SuccessRate", result[1].Series);
        Assert.Equal(50, result[1].MaxZ, 6); // 50 points below 100 over a scale of 1
    }

    [Fact]
    public void ObserveFront_FailureRateUpFiresOnFrontendOnlyWhenEnabled()
    {
        var on = new PodSignals(Settings(RobustSettings.Default with { FrontSli = true }));
        var off = new PodSignals(Settings(RobustSettings.Default));
        var fired = new List<Signal>();
        var none = new List<Signal>();
        for (int m = 0; m < 20; m++)
        {
            var row = new FrontRow(T0.AddMinutes(m), m is 15 or 16 ? 50 : 100, 1);
            on.ObserveFront(row, fired);
            off.ObserveFront(row, none);
        }

        Assert.Empty(none);
        Assert.Equal(2, fired.Count); // fires on the second bad minute (2 of 2), resolves when back
        Assert.All(fired, s => Assert.Equal(("frontend", "FrontFailureRate"), (s.Service, s.Name)));
        Assert.Equal(SignalStatus.Firing, fired[0].Status);
        Assert.Equal(T0.AddMinutes(16), fired[0].EventTime);
        Assert.Equal(SignalStatus.Resolved, fired[1].Status);
    }

    [Fact]
    public void ObserveFront_SuccessRateUpOrLatencyDown_DoesNotFire()
    {
        var signals = new PodSignals(Settings(RobustSettings.Default with { FrontSli = true }));
        var fired = new List<Signal>();
        for (int m = 0; m < 20; m++)
        {
            signals.ObserveFront(new FrontRow(T0.AddMinutes(m), m < 10 ? 90 : 100, m < 10 ? 1 : 0.1), fired);
        }

        Assert.Empty(fired);
    }

    [Fact]
    public void ObserveEdge_QuietCaller_VetoesTheEdgeWhileTheCallersOwnCpuFires()
    {
        List<Signal> Run(bool quietCaller)
        {
            var signals = new PodSignals(Settings(RobustSettings.Default with { QuietCaller = quietCaller }));
            var fired = new List<Signal>();
            for (int m = 0; m < 30; m++)
            {
                var at = T0.AddMinutes(m);
                bool burst = m is >= 20 and <= 24;
                signals.ObserveEdge(new EdgeRow(at, "frontend", "cart", burst ? 0.5 : 0.01, 0.01), fired);
                signals.Observe(new PodRow(at, "frontend-1-a", Values(m is >= 18 and <= 24 ? 90 : Noise(m))), fired); // the caller's CPU fires from minute 19
            }

            return [.. fired.Where(s => s.Service == "cart")];
        }

        Assert.NotEmpty(Run(quietCaller: false));
        Assert.Empty(Run(quietCaller: true));
    }

    [Fact]
    public void Observe_Corroborate_PodLatencyFiresOnlyWhenACallerFeltItOrNobodyCallsTheService()
    {
        List<Signal> Run(bool edges, bool callerFelt)
        {
            var signals = new PodSignals(Settings(RobustSettings.Default with { Corroborate = 0.5 }));
            var fired = new List<Signal>();
            for (int m = 0; m < 30; m++)
            {
                var at = T0.AddMinutes(m);
                bool slow = m is >= 20 and <= 24;
                if (edges)
                {
                    signals.ObserveEdge(new EdgeRow(at, "frontend", "cart", slow && callerFelt ? 0.5 : 0.01, 0.01), fired);
                }

                var values = Values(Noise(m));
                values[Array.IndexOf(NezhaDay.Metrics, "PodServerLatencyP90(s)")] = slow ? 1.0 : 0.1;
                signals.Observe(new PodRow(at, "cart-1-a", values), fired);
            }

            return [.. fired.Where(s => s.Name == "PodServerLatencyP90(s)")];
        }

        Assert.Empty(Run(edges: true, callerFelt: false)); // the pod says slow, its caller saw nothing
        Assert.Equal(2, Run(edges: true, callerFelt: true).Count); // fired and resolved
        Assert.Equal(2, Run(edges: false, callerFelt: false).Count); // nobody calls it: exempt
    }

    private static double[] Values(double cpu)
    {
        var values = new double[NezhaDay.Metrics.Length];
        values[Array.IndexOf(NezhaDay.Metrics, "CpuUsageRate(%)")] = cpu;
        values[Array.IndexOf(NezhaDay.Metrics, "PodServerLatencyP90(s)")] = 0.1;
        return values;
    }
}
