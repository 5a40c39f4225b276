using Correlator.Domain;
using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Tests.Eval;

public sealed class NezhaSilenceTests
{
    private static readonly DateTimeOffset T0 = new(2022, 8, 22, 9, 30, 0, TimeSpan.Zero);

    private static double Noise(int i) => 10 + ((i * 7) % 5) - 2; // 8..12, deterministic

    private static NezhaSettings Settings(RobustSettings robust) =>
        new(PodSignals.RobustDetector, 0.9999, 1, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(2), null, robust);

    // checkout calls email and cart; frontend calls cart. minute → (checkout->email, checkout->cart, frontend->cart), NaN = no calls.
    private static List<Signal> Replay(RobustSettings robust, Func<int, (double Email, double CheckoutCart, double FrontCart)> minute)
    {
        var pods = new PodSignals(Settings(robust));
        var fired = new List<Signal>();
        for (int m = 0; m < 12; m++)
        {
            var at = T0.AddMinutes(m);
            var (email, checkoutCart, frontCart) = minute(m);
            pods.ObserveEdges(
            [
                new EdgeRow(at, "checkoutservice", "cartservice", checkoutCart, checkoutCart),
                new EdgeRow(at, "checkoutservice", "emailservice", email, email),
                new EdgeRow(at, "frontend", "cartservice", frontCart, frontCart),
            ], fired);
        }

        return [.. fired.Where(s => s.Name == "EdgeSilence")];
    }

    [Fact]
    public void Silence_ACalleeNobodyCallsForNMinutesWhileItsCallerCallsOthers_FiresOnTheCallerAndResolves()
    {
        var robust = RobustSettings.Default with { SilentEdges = 2 };
        var fired = Replay(robust, m => (m is >= 5 and <= 7 ? double.NaN : 0.003, 0.005, 0.004));

        Assert.Equal(2, fired.Count);
        Assert.Equal(("checkoutservice", "checkoutservice", SignalStatus.Firing, T0.AddMinutes(6)), (fired[0].Resource, fired[0].Service, fired[0].Status, fired[0].EventTime));
        Assert.Equal((SignalStatus.Resolved, T0.AddMinutes(8)), (fired[1].Status, fired[1].EventTime));
        Assert.Equal("checkoutservice->emailservice/silence", fired[0].Fingerprint);
    }

    [Fact]
    public void Silence_OneMinuteGap_OrOffByDefault_DoesNotFire()
    {
        Assert.Empty(Replay(RobustSettings.Default with { SilentEdges = 2 }, m => (m == 5 ? double.NaN : 0.003, 0.005, 0.004)));
        Assert.Empty(Replay(RobustSettings.Default, m => (m is >= 5 and <= 7 ? double.NaN : 0.003, 0.005, 0.004)));
    }

    [Fact]
    public void Silence_ACallerThatIsSilentEverywhere_IsNotBlamed()
    {
        // checkout makes no calls at all (it gets none itself): its edges are empty because it is idle, not because it skips one call.
        var fired = Replay(RobustSettings.Default with { SilentEdges = 2 }, m => m is >= 5 and <= 7 ? (double.NaN, double.NaN, 0.004) : (0.003, 0.005, 0.004));

        Assert.Empty(fired);
    }

    [Fact]
    public void Silence_CalleeScope_AnEdgeIsSilentOnlyWhenNoOtherCallerCallsTheCallee()
    {
        // checkout stops calling cart, frontend still calls it: cart is not starved; with scope edge, checkout is blamed.
        Func<int, (double, double, double)> minute = m => (0.003, m is >= 5 and <= 7 ? double.NaN : 0.005, 0.004);

        Assert.Empty(Replay(RobustSettings.Default with { SilentEdges = 2 }, minute));
        var edge = Replay(RobustSettings.Default with { SilentEdges = 2, SilentWholeCallee = false }, minute);
        Assert.Equal(("checkoutservice->cartservice/silence", SignalStatus.Firing), (edge[0].Fingerprint, edge[0].Status));
    }

    [Fact]
    public void Run_CheckoutStopsCallingEmail_CaughtOnCheckoutRankedFirst_NotWithoutTheRule()
    {
        // frontend -> checkout -> email, checkout -> cart. A code fault in checkout at 10:00:30: it no longer calls email
        // (3 minutes without calls), everything else is flat. Only the silence shows it, on checkout.
        var fault = new NezhaFault(T0.AddMinutes(30).AddSeconds(30), "checkoutservice-1-a", "checkoutservice", "exception");
        var rows = new List<PodRow>();
        var edges = new List<EdgeRow>();
        for (int m = 0; m < 120; m++)
        {
            var at = T0.AddMinutes(m);
            foreach (var pod in new[] { "checkoutservice-1-a", "emailservice-1-a", "frontend-1-a" })
            {
                var values = new double[NezhaDay.Metrics.Length];
                values[Array.IndexOf(NezhaDay.Metrics, "CpuUsageRate(%)")] = Noise(m);
                values[Array.IndexOf(NezhaDay.Metrics, "PodServerLatencyP90(s)")] = 0.01;
                rows.Add(new PodRow(at, pod, values));
            }

            var edgeAt = at.AddSeconds(1);
            edges.Add(new EdgeRow(edgeAt, "checkoutservice", "cartservice", 0.005, 0.004));
            edges.Add(new EdgeRow(edgeAt, "checkoutservice", "emailservice", m is >= 31 and <= 33 ? double.NaN : 0.003, 0.003));
            edges.Add(new EdgeRow(edgeAt, "frontend", "checkoutservice", 0.2, 0.19));
        }

        var day = new NezhaDay("2022-08-22", rows, [.. rows.Where(r => r.Pod == "frontend-1-a").Select(r => new FrontRow(r.At, 100, 1))],
            [("frontend", "checkoutservice"), ("checkoutservice", "emailservice"), ("checkoutservice", "cartservice")], [fault])
        {
            Edges = edges,
        };

        var off = NezhaEvaluation.Run(day, Settings(RobustSettings.Default));
        var on = NezhaEvaluation.Run(day, Settings(RobustSettings.Default with { SilentEdges = 2 }));

        Assert.Null(Assert.Single(off.Faults).DetectedAt);
        var outcome = Assert.Single(on.Faults);
        Assert.True(outcome.CaughtWithin(TimeSpan.FromMinutes(3)), $"delay {outcome.Delay}");
        Assert.Equal("checkoutservice", outcome.RankedFirst);
        Assert.Equal(0, on.FalseIncidents);
    }
}
