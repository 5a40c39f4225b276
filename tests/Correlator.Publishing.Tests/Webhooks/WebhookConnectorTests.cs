using System.Net;
using System.Text.Json;
using Correlator.Domain;
using Correlator.Publishing.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Correlator.Publishing.Tests.Webhooks;

/// <summary>The webhook connector and the publisher loop against a real local HTTP server that answers as each test decides.</summary>
public sealed class WebhookConnectorTests : IAsyncDisposable
{
    private const string Secret = "a-secret-of-16-chars-or-more";
    private static readonly HttpClient Http = new();
    private PublisherFixture? _fixture;
    private LocalHttpServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PublisherFixture Fixture => _fixture ?? throw new InvalidOperationException("no fixture");

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }

    private async Task<(OutboxPublisher Publisher, LocalHttpServer Server)> StartAsync(Func<RecordedRequest, HttpContext, Task> handle, PublisherOptions? options = null)
    {
        _fixture = await PublisherFixture.CreateAsync("hook", Ct);
        _server = await LocalHttpServer.StartAsync(handle, Ct);
        var connector = new WebhookConnector("hook", Http, new WebhookOptions { Url = new Uri(_server.Url, "events"), Secret = Secret }, TimeProvider.System);
        return (_fixture.Publisher(connector, options), _server);
    }

    private static Task Answer(HttpContext context, int status, string body = "")
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(body);
    }

    /// <summary>Drains until nothing is claimable or the time is up (no timing is asserted; the bound only stops a broken test).</summary>
    private static async Task DrainAsync(OutboxPublisher publisher, Func<bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!done() && DateTimeOffset.UtcNow < deadline)
        {
            if (await publisher.DrainOnceAsync(Ct) == 0)
            {
                await Task.Delay(20, Ct);
            }
        }
    }

    [Fact]
    public async Task Publish_IncidentOpened_PostsSignedDocumentedEvent()
    {
        var (publisher, server) = await StartAsync((_, c) => Answer(c, 204));
        await Fixture.OpenAsync(1, resource: "db-7");

        await publisher.DrainOnceAsync(Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/events"), (request.Method, request.PathAndQuery));
        Assert.True(WebhookSignature.Verify(request.Body, Secret, request.Headers[WebhookSignature.HeaderName]));
        Assert.False(WebhookSignature.Verify(request.Body, "another-secret-entirely", request.Headers[WebhookSignature.HeaderName]));
        Assert.Equal(OutboxKinds.IncidentOpened, request.Headers["X-Correlator-Event"]);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal("incident/1/opened", root.GetProperty("id").GetString());
        Assert.Equal("incident.opened", root.GetProperty("kind").GetString());
        Assert.Equal(1, root.GetProperty("data").GetProperty("incidentId").GetInt64());
        Assert.Equal("db-7", root.GetProperty("data").GetProperty("configurationItem").GetString());
        Assert.Equal(1, publisher.Stats.Delivered);
        Assert.Empty(await Fixture.Store.ClaimOutboxAsync("hook", 10, DateTimeOffset.UtcNow, Ct));
    }

    [Fact]
    public void Signature_TamperedBody_DoesNotVerify()
    {
        var body = "{\"id\":\"x\"}"u8.ToArray();
        var header = WebhookSignature.Sign(body, Secret);

        Assert.Matches("^sha256=[0-9a-f]{64}$", header);
        Assert.True(WebhookSignature.Verify(body, Secret, header));
        Assert.False(WebhookSignature.Verify("{\"id\":\"y\"}"u8, Secret, header));
        Assert.False(WebhookSignature.Verify(body, Secret, null));
    }

    [Fact]
    public async Task Publish_ServerFailsTwiceThenAccepts_DeliversOnceAfterRetries()
    {
        int calls = 0;
        var (publisher, server) = await StartAsync((_, c) => Interlocked.Increment(ref calls) <= 2 ? Answer(c, 503, "busy") : Answer(c, 200));
        await Fixture.OpenAsync(1);

        await DrainAsync(publisher, () => publisher.Stats.Delivered == 1);

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, publisher.Stats.Retries);
        Assert.Equal(1, publisher.Stats.Delivered);
        Assert.Equal([1L, 2L, 3L], server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("attempt").GetInt64()));
    }

    [Fact]
    public async Task Publish_TooManyRequestsWithRetryAfter_WaitsAsToldBeforeTheNextCall()
    {
        int calls = 0;
        var (publisher, server) = await StartAsync((_, c) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                c.Response.Headers.RetryAfter = "1";
                return Answer(c, 429, "slow down");
            }

            return Answer(c, 200);
        });
        await Fixture.OpenAsync(1);

        await DrainAsync(publisher, () => publisher.Stats.Delivered == 1);

        var times = server.Requests.Select(r => r.ReceivedAt).ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(0.9), $"the retry came {times[1] - times[0]} after the 429 asked for 1 s");
    }

    [Fact]
    public async Task Publish_PermanentRefusal_ParksWithTheTargetsTextAndOtherIncidentsGoOn()
    {
        var (publisher, server) = await StartAsync((r, c) => r.Text.Contains("\"incidentId\":1,", StringComparison.Ordinal)
            ? Answer(c, 422, "{\"error\":\"unknown service checkout\"}")
            : Answer(c, 200));
        await Fixture.OpenAsync(1);
        await Fixture.AttachAsync(1, 1, 10);
        await Fixture.OpenAsync(2);

        await DrainAsync(publisher, () => publisher.Stats.Delivered == 1 && publisher.Stats.Parked == 1);
        await publisher.DrainOnceAsync(Ct);

        var parked = Assert.Single(await Fixture.Store.ListOutboxAsync(OutboxStatus.Parked, "hook", 10, Ct));
        Assert.Equal("incident/1", parked.Effect.Stream);
        Assert.Contains("422", parked.Error, StringComparison.Ordinal);
        Assert.Contains("unknown service checkout", parked.Error, StringComparison.Ordinal);
        // The comment of incident 1 waits behind its parked ticket; incident 2 was delivered.
        Assert.Equal(2, server.Requests.Count);
        var count = Assert.Single(await Fixture.Store.CountOutboxAsync(Ct));
        Assert.Equal((1L, 1L, 1L), (count.Pending, count.Done, count.Parked));
    }

    [Fact]
    public async Task Publish_ServerDown_KeepsRowsPendingThenDeliversInOrderPerIncident()
    {
        bool up = false;
        var (publisher, server) = await StartAsync((_, c) => up ? Answer(c, 200) : Answer(c, 503));
        for (long id = 1; id <= 3; id++)
        {
            await Fixture.OpenAsync(id);
            await Fixture.AttachAsync(id, 1, 10);
            await Fixture.ChangeAsync(id, i => i.Resolve("quiet", Correlator.Testing.Some.At(20)));
        }

        await publisher.DrainOnceAsync(Ct);
        Assert.Equal(0, publisher.Stats.Delivered);
        up = true;
        await DrainAsync(publisher, () => publisher.Stats.Delivered == 9);

        var delivered = server.Requests.Where(r => r.Headers.ContainsKey("X-Correlator-Delivery")).GroupBy(r => r.Headers["X-Correlator-Delivery"]).Select(g => g.Last()).ToList();
        Assert.Equal(9, publisher.Stats.Delivered);
        foreach (var id in new[] { 1, 2, 3 })
        {
            var kinds = server.Requests.Where(r => r.Text.Contains($"\"stream\":\"incident/{id}\"", StringComparison.Ordinal))
                .Select(r => r.Headers["X-Correlator-Event"]).Distinct().ToList();
            Assert.Equal([OutboxKinds.IncidentOpened, OutboxKinds.SignalsAttached, OutboxKinds.Resolved], kinds);
        }

        Assert.Equal(9, delivered.Count);
    }
}
