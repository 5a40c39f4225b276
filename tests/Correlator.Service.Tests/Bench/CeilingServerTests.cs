using System.Net;
using System.Text;
using Correlator.Service.Bench;

namespace Correlator.Service.Tests.Bench;

/// <summary>The ceiling targets of <c>bench ingest</c>: they answer 202 after reading the body, and <c>/parse</c> really parses it.</summary>
public sealed class CeilingServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Targets_AnswerAccepted_AndParseCountsTheAlerts()
    {
        await using var server = await CeilingServer.StartAsync(Ct);
        using var client = new HttpClient();
        var alerts = AlertStream.Create(3, services: 2, DateTimeOffset.UnixEpoch, seed: 1);
        var body = AlertStream.Webhooks(alerts, 3).Single();

        using var noop = await client.PostAsync(new Uri(server.BaseAddress, "noop"), new ByteArrayContent(body), Ct);
        Assert.Equal((HttpStatusCode.Accepted, 0L), (noop.StatusCode, server.Parsed));
        using var parse = await client.PostAsync(new Uri(server.BaseAddress, "parse"), new ByteArrayContent(body), Ct);
        Assert.Equal((HttpStatusCode.Accepted, 3L), (parse.StatusCode, server.Parsed));
    }

    [Fact]
    public async Task Parse_BodyTheParserRejects_Answers400AndCountsNothing()
    {
        await using var server = await CeilingServer.StartAsync(Ct);
        using var client = new HttpClient();

        using var response = await client.PostAsync(new Uri(server.BaseAddress, "parse"), new ByteArrayContent(Encoding.UTF8.GetBytes("{\"version\":\"4\"}")), Ct);

        Assert.Equal((HttpStatusCode.BadRequest, 0L), (response.StatusCode, server.Parsed));
    }
}
