using Correlator.Service.Bench;

namespace Correlator.Service.Tests.Bench;

/// <summary>The raw senders' closed loop: every body sent once, failures counted and the first one reported, sender CPU read per thread.</summary>
public sealed class RawLoadGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_AcceptingServer_SendsEveryBodyOverOneConnectionPerSender()
    {
        await using var server = await RawHttpTestServer.StartAsync(Ct);
        var bodies = Enumerable.Range(0, 300).Select(_ => "{}"u8.ToArray()).ToList();

        var result = await RawLoadGenerator.RunAsync(server.At("ok"), "Bearer k", bodies, concurrency: 3, Ct);

        Assert.Equal((300, 0, 0, (string?)null), (result.Load.Requests, result.Load.Failed, result.Load.Retried, result.Load.FirstError));
        Assert.Equal(300, server.Connections.Values.Sum());
        Assert.InRange(server.Connections.Count, 1, 3);
        Assert.True(result.SenderCpu > TimeSpan.Zero, $"sender CPU {result.SenderCpu}");
    }

    [Fact]
    public async Task RunAsync_ServerAnswers500_CountsEveryRequestFailedAndReportsTheFirst()
    {
        await using var server = await RawHttpTestServer.StartAsync(Ct);
        var bodies = Enumerable.Range(0, 10).Select(_ => "{}"u8.ToArray()).ToList();

        var result = await RawLoadGenerator.RunAsync(server.At("status/500"), null, bodies, concurrency: 2, Ct);

        Assert.Equal((10, 10), (result.Load.Requests, result.Load.Failed));
        Assert.Equal("500: error body for 500", result.Load.FirstError);
    }

    [Fact]
    public async Task RunAsync_ServerDropsConnections_CountsThemFailedAndReconnects()
    {
        await using var server = await RawHttpTestServer.StartAsync(Ct);
        var bodies = Enumerable.Range(0, 6).Select(_ => "{}"u8.ToArray()).ToList();

        var result = await RawLoadGenerator.RunAsync(server.At("abort"), null, bodies, concurrency: 2, Ct);

        Assert.Equal(6, result.Load.Failed);
        Assert.Contains("closed the connection", result.Load.FirstError, StringComparison.Ordinal);
    }
}
