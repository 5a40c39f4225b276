using System.Text;
using Correlator.Service.Bench;

namespace Correlator.Service.Tests.Bench;

/// <summary>The raw sender of <c>bench ingest --sender raw</c> against a real Kestrel server.</summary>
public sealed class RawHttpConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_OnePost_ServerGetsTheBodyAndHeaders()
    {
        await using var server = await RawHttpTestServer.StartAsync(Ct);
        var body = Encoding.UTF8.GetBytes("{\"alerts\":[]}");
        using var connection = RawHttpConnection.Connect(server.BaseAddress, Timeout);

        var response = await Task.Run(() => connection.Send(RawHttpConnection.Request(server.At("ok"), "Bearer k", body)), Ct);

        Assert.Equal((202, true, (string?)null), (response.StatusCode, response.IsSuccess, response.ErrorBody));
        Assert.Equal(body, server.LastBody);
        Assert.Equal(("application/json", "Bearer k"), (server.LastContentType, server.LastAuthorization));
    }

    [Fact]
    public async Task Send_ManyRequests_ShareOneKeepAliveConnection()
    {
        await using var server = await RawHttpTestServer.StartAsync(Ct);
        string[] paths = ["ok", "length/5", "chunked/3", "length/0"];
        using var connection = RawHttpConnection.Connect(server.BaseAddress, Timeout);

        var statuses = await Task.Run(() => Enumerable.Range(0, 400)
            .Select(i => connection.Send(RawHttpConnection.Request(server.At(paths[i % paths.Length]), null, "{}"u8)).StatusCode)
            .ToList(), Ct);

        Assert.Equal(400, statuses.Count(s => s is 200 or 202));
        Assert.Equal(400, Assert.Single(server.Connections).Value);
    }

    [Theory]
    [InlineData("length/40000")]
    [InlineData("chunked/40000")]
    [InlineData("length/1")]
    [InlineData("chunked/1")]
    public async Task Send_BodyLongerThanTheBuffer_IsReadWholeAndTheNextResponseParses(string path)
    {
        await using var server = await RawHttpTestServer.StartAsync(Ct);
        using var connection = RawHttpConnection.Connect(server.BaseAddress, Timeout);

        var (first, second, third) = await Task.Run(() => (
            connection.Send(RawHttpConnection.Request(server.At(path), null, "{}"u8)).StatusCode,
            connection.Send(RawHttpConnection.Request(server.At("status/418"), null, "{}"u8)),
            connection.Send(RawHttpConnection.Request(server.At(path), null, "{}"u8)).StatusCode), Ct);

        Assert.Equal((200, 418, "error body for 418", 200), (first, second.StatusCode, second.ErrorBody, third));
    }

    [Fact]
    public async Task Send_ServerDropsTheConnection_ThrowsSayingItClosed()
    {
        await using var server = await RawHttpTestServer.StartAsync(Ct);
        using var connection = RawHttpConnection.Connect(server.BaseAddress, Timeout);

        var error = await Assert.ThrowsAsync<IOException>(() => Task.Run(() => connection.Send(RawHttpConnection.Request(server.At("abort"), null, "{}"u8)), Ct));

        Assert.Contains("closed the connection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_AfterConnectionClose_ThrowsSayingTheServerClosedIt()
    {
        await using var server = await RawHttpTestServer.StartAsync(Ct);
        using var connection = RawHttpConnection.Connect(server.BaseAddress, Timeout);
        var request = RawHttpConnection.Request(server.At("closing"), null, "{}"u8);
        Assert.Equal(200, (await Task.Run(() => connection.Send(request), Ct)).StatusCode);

        var error = await Assert.ThrowsAsync<IOException>(() => Task.Run(() => connection.Send(request), Ct));

        Assert.Contains("Connection: close", error.Message, StringComparison.Ordinal);
    }
}
