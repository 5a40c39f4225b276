using System.Text.Json.Nodes;
using Correlator.Domain;
using Correlator.Publishing.RequestTracker;
using Correlator.Testing;

namespace Correlator.Publishing.Tests.RequestTracker;

/// <summary>RT stopped in the middle of a burst and started again: every change lands once, in order per incident.</summary>
[Collection(RequestTrackerGroup.Name)]
public sealed class RequestTrackerOutageTests(RequestTrackerServer rt) : IAsyncDisposable
{
    private const int Incidents = 50;
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private PublisherFixture? _fixture;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task Publish_RtStoppedDuringBurstOf200Changes_AppliesEachOnceInOrderPerIncident()
    {
        rt.SkipIfUnavailable();
        var options = new RequestTrackerOptions { Url = rt.Url, Token = rt.CorrelatorToken, IncidentQueue = "Burst-" + _suffix, ProblemQueue = "BurstProblems-" + _suffix };
        _fixture = await PublisherFixture.CreateAsync("rt", Ct);
        var publisher = _fixture.Publisher(new RequestTrackerConnector("rt", rt.Http, options, TimeProvider.System));
        // 4 changes per incident: opened, a signal attached, priority raised, resolved.
        for (long id = 1; id <= Incidents; id++)
        {
            await _fixture.OpenAsync(id);
            await _fixture.AttachAsync(id, 1, 10);
            await _fixture.ChangeAsync(id, i => i.Assess(Impact.High, Urgency.High, PriorityMatrix.Default, "burst", Some.At(11)));
            await _fixture.ChangeAsync(id, i => i.Resolve("quiet", Some.At(20)));
        }

        using var run = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var loop = publisher.RunAsync(run.Token);
        try
        {
            await WaitAsync(() => publisher.Stats.Delivered >= 40, "40 deliveries before the outage");
            var (stopped, stopOutput) = await RequestTrackerServer.RunScriptAsync("stop");
            Assert.True(stopped == 0, stopOutput);
            var deliveredBefore = publisher.Stats.Delivered;
            await WaitAsync(() => publisher.Stats.Deferred + publisher.Stats.Retries >= 5, "failures while RT is down");
            var (started, startOutput) = await RequestTrackerServer.RunScriptAsync("start");
            Assert.True(started == 0, startOutput);
            await WaitAsync(() => publisher.Stats.Delivered >= Incidents * 4, "every change delivered after the restart", 300);
            Assert.True(deliveredBefore < Incidents * 4, "the outage came in the middle of the burst");
        }
        finally
        {
            await run.CancelAsync();
            await loop;
        }

        Assert.Empty(await _fixture.Store.ListOutboxAsync(OutboxStatus.Parked, null, 10, Ct));
        Assert.Empty(await _fixture.Store.ListOutboxAsync(OutboxStatus.Pending, null, 10, Ct));
        for (long id = 1; id <= Incidents; id++)
        {
            var found = Assert.Single(await rt.TicketsAsync(options.IncidentQueue, options.IdField, OutboxKinds.IncidentStream(id)));
            var history = (await rt.AsPersonAsync(HttpMethod.Get, $"ticket/{found["id"]}/history?per_page=100&fields=Type,Field,NewValue"))!["items"]!.AsArray()
                .Select(Describe).Where(d => d is not null).ToList();
            Assert.Equal(["Create", "Comment", "Priority 90", "Status resolved"], history);
        }
    }

    private static string? Describe(JsonNode? item) => (item!["Type"]!.ToString(), item["Field"]?.ToString(), item["NewValue"]?.ToString()) switch
    {
        ("Create", _, _) => "Create",
        ("Comment", _, _) => "Comment",
        ("Set", "Priority", var value) => "Priority " + value,
        ("Status", _, var value) => "Status " + value,
        _ => null,
    };

    private static async Task WaitAsync(Func<bool> condition, string what, int seconds = 120)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"gave up waiting for {what} after {seconds} s");
            await Task.Delay(50, Ct);
        }
    }
}
