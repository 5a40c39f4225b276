using System.Globalization;
using System.Text.Json.Nodes;
using Correlator.Domain;
using Correlator.Publishing.RequestTracker;
using Correlator.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Correlator.Publishing.Tests.RequestTracker;

/// <summary>Publishing to a real Request Tracker 5 (started by scripts/rt/start-rt.sh); each test has queues of its own.</summary>
[Collection(RequestTrackerGroup.Name)]
public sealed class RequestTrackerConnectorTests(RequestTrackerServer rt) : IAsyncDisposable
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private PublisherFixture? _fixture;
    private string _problemLink = "RefersTo";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PublisherFixture Fixture => _fixture ?? throw new InvalidOperationException("call StartAsync");

    private RequestTrackerOptions Options => new()
    {
        Url = rt.Url,
        Token = rt.CorrelatorToken,
        IncidentQueue = "Incidents-" + _suffix,
        ProblemQueue = "Problems-" + _suffix,
        ProblemLink = _problemLink,
    };

    public async ValueTask DisposeAsync()
    {
        if (_fixture is not null)
        {
            await _fixture.DisposeAsync();
        }
    }

    private async Task<RequestTrackerConnector> StartAsync()
    {
        rt.SkipIfUnavailable();
        _fixture = await PublisherFixture.CreateAsync("rt", Ct);
        return new RequestTrackerConnector("rt", rt.Http, Options, TimeProvider.System);
    }

    private static async Task DrainAsync(OutboxPublisher publisher, Func<Task<bool>> done, int seconds = 120)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (!await done() && DateTimeOffset.UtcNow < deadline)
        {
            if (await publisher.DrainOnceAsync(Ct) == 0)
            {
                await Task.Delay(50, Ct);
            }
        }
    }

    private async Task<bool> NothingPendingAsync() =>
        (await Fixture.Store.CountOutboxAsync(Ct)).All(c => c.Pending == 0);

    private async Task<JsonNode> TicketAsync(long incidentId)
    {
        var ticket = Assert.Single(await rt.TicketsAsync(Options.IncidentQueue, Options.IdField, OutboxKinds.IncidentStream(incidentId)));
        return (await rt.AsPersonAsync(HttpMethod.Get, "ticket/" + ticket["id"]))!;
    }

    private async Task<List<JsonNode>> HistoryAsync(JsonNode ticket) =>
        [.. (await rt.AsPersonAsync(HttpMethod.Get, $"ticket/{ticket["id"]}/history?per_page=100&fields=Type,Field,OldValue,NewValue"))!["items"]!.AsArray().Select(i => i!)];

    private static string? Field(JsonNode ticket, string name) =>
        ticket["CustomFields"]!.AsArray().FirstOrDefault(f => f!["name"]!.ToString() == name)?["values"]?.AsArray().FirstOrDefault()?.ToString();

    [Fact]
    public async Task Publish_IncidentOpened_CreatesOneTicketWithQueueSubjectPriorityAndFields()
    {
        var publisher = Fixture_Publisher(await StartAsync());
        await Fixture.OpenAsync(1, name: "DiskFull", service: "billing", resource: "db-3");
        await Fixture.ChangeAsync(1, i => i.Assess(Impact.High, Urgency.High, PriorityMatrix.Default, "test", Correlator.Testing.Some.At(1)));

        await DrainAsync(publisher, NothingPendingAsync);

        var ticket = await TicketAsync(1);
        Assert.Equal(Options.IncidentQueue, (await rt.AsPersonAsync(HttpMethod.Get, "queue/" + ticket["Queue"]!["id"]))!["Name"]!.ToString());
        Assert.Equal("DiskFull on billing", ticket["Subject"]!.ToString());
        Assert.Equal("90", ticket["Priority"]!.ToString());
        Assert.Equal(("incident/1", "P1", "billing", "db-3"),
            (Field(ticket, "CorrelatorId"), Field(ticket, "ItilPriority"), Field(ticket, "Service"), Field(ticket, "ConfigurationItem")));
        Assert.Equal(ticket["id"]!.ToString(), await Fixture.Store.GetExternalRefAsync("rt", "incident/1", Ct));
    }

    private OutboxPublisher Fixture_Publisher(IConnector connector) => Fixture.Publisher(connector);

    [Fact]
    public async Task Publish_NewSignalsThenResolution_CommentsTheSameTicketThenResolvesIt()
    {
        var publisher = Fixture_Publisher(await StartAsync());
        await Fixture.OpenAsync(1);
        await Fixture.AttachAsync(1, 1, 10);
        await Fixture.AttachAsync(1, 2, 20);
        await Fixture.ChangeAsync(1, i => i.Resolve("all clear", Correlator.Testing.Some.At(30)));

        await DrainAsync(publisher, NothingPendingAsync);

        var ticket = await TicketAsync(1);
        Assert.Equal("resolved", ticket["Status"]!.ToString());
        var history = await HistoryAsync(ticket);
        Assert.Equal(["Create", "Comment", "Comment", "Status"], history.Select(h => h["Type"]!.ToString()).Where(t => t is "Create" or "Comment" or "Status"));
        var attachments = (await rt.AsPersonAsync(HttpMethod.Get, $"ticket/{ticket["id"]}/attachments?fields=Content&per_page=100"))!["items"]!.AsArray();
        Assert.Contains(attachments, a => a!["Content"]!.ToString().Contains("Errors1", StringComparison.Ordinal));
        Assert.Contains(attachments, a => a!["Content"]!.ToString().Contains("Errors2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_KilledBetweenTheRtCallAndTheOutboxUpdate_FindsTheTicketOnRestart()
    {
        var connector = await StartAsync();
        await Fixture.OpenAsync(1);
        using var killed = new CancellationTokenSource();
        var crashing = new CrashAfterCall(connector, killed);
        var first = Fixture.Publisher(crashing);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.DrainOnceAsync(killed.Token));
        var row = Assert.Single(await Fixture.Store.ListOutboxAsync(OutboxStatus.Pending, "rt", 10, Ct));
        Assert.Null(row.ExternalRef);
        var created = Assert.Single(await rt.TicketsAsync(Options.IncidentQueue, Options.IdField, "incident/1"));

        var restarted = Fixture.Publisher(connector);
        await DrainAsync(restarted, NothingPendingAsync);

        Assert.Single(await rt.TicketsAsync(Options.IncidentQueue, Options.IdField, "incident/1"));
        Assert.Equal(created["id"]!.ToString(), await Fixture.Store.GetExternalRefAsync("rt", "incident/1", Ct));
    }

    [Fact]
    public async Task Publish_CommentRetriedAfterItLanded_IsNotAddedTwice()
    {
        var connector = await StartAsync();
        await Fixture.OpenAsync(1);
        await DrainAsync(Fixture.Publisher(connector), NothingPendingAsync);
        await Fixture.AttachAsync(1, 1, 10);
        using var killed = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Fixture.Publisher(new CrashAfterCall(connector, killed)).DrainOnceAsync(killed.Token));
        await DrainAsync(Fixture.Publisher(connector), NothingPendingAsync);

        var history = await HistoryAsync(await TicketAsync(1));
        Assert.Single(history, h => h["Type"]!.ToString() == "Comment");
    }

    [Fact]
    public async Task Poll_PersonChangesStatusOwnerAndComments_ShowsInTheIncidentTimeline()
    {
        var connector = await StartAsync();
        var poller = new RequestTrackerPoller("rt", rt.Http, Options, Fixture.Store, TimeProvider.System, NullLogger.Instance);
        await poller.InitializeAsync(Ct);
        await Fixture.OpenAsync(1);
        await DrainAsync(Fixture.Publisher(connector), NothingPendingAsync);
        var ticket = await TicketAsync(1);

        await rt.AsPersonAsync(HttpMethod.Put, $"ticket/{ticket["id"]}", new JsonObject { ["Status"] = "open", ["Owner"] = "root" });
        await rt.AsPersonAsync(HttpMethod.Post, $"ticket/{ticket["id"]}/comment", new JsonObject { ["Content"] = "Rebooted db-3, watching.", ["ContentType"] = "text/plain" });
        var added = await poller.PollOnceAsync(Ct);
        var again = await poller.PollOnceAsync(Ct);

        var timeline = (await Fixture.Store.GetIncidentAsync(1, Ct))!.Incident.Timeline.Where(e => e.Kind == TimelineEntryKind.External).Select(e => e.Text).ToList();
        Assert.Equal(3, added);
        Assert.Equal(0, again);
        Assert.Contains($"RT #{ticket["id"]}: status new -> open by root", timeline);
        Assert.Contains(timeline, t => t.Contains("owner", StringComparison.Ordinal) && t.EndsWith("-> root by root", StringComparison.Ordinal));
        Assert.Contains($"RT #{ticket["id"]}: comment: Rebooted db-3, watching. by root", timeline);
    }

    [Theory]
    [InlineData("RefersTo", "refers-to")]
    [InlineData("Members", "child")]
    public async Task Publish_EnqueuedProblem_CreatesProblemTicketLinkedToItsIncidentTickets(string link, string hyperlink)
    {
        _problemLink = link;
        var publisher = Fixture_Publisher(await StartAsync());
        await Fixture.OpenAsync(1, service: "search");
        await Fixture.OpenAsync(2, service: "search");
        await DrainAsync(publisher, NothingPendingAsync);
        var problem = new ProblemEffect { ProblemId = "PRB-" + _suffix, Title = "Disk fills up every night", Service = "search", IncidentIds = [1, 2] };

        await Fixture.Store.EnqueueProblemRecordAsync(problem, Correlator.Testing.Some.At(100), Ct);
        await DrainAsync(publisher, NothingPendingAsync);

        var found = Assert.Single(await rt.TicketsAsync(Options.ProblemQueue, Options.IdField, "problem/" + problem.ProblemId));
        var ticket = (await rt.AsPersonAsync(HttpMethod.Get, "ticket/" + found["id"]))!;
        var refersTo = ticket["_hyperlinks"]!.AsArray().Where(l => l!["ref"]!.ToString() == hyperlink).Select(l => l!["id"]!.ToString()).Order().ToList();
        var incidents = new[] { (await TicketAsync(1))["id"]!.ToString(), (await TicketAsync(2))["id"]!.ToString() }.Order().ToList();
        Assert.Equal(incidents, refersTo);
        Assert.Equal("Disk fills up every night", ticket["Subject"]!.ToString());
    }

    /// <summary>Makes the real call, then "kills" the publisher before it can record the outcome.</summary>
    private sealed class CrashAfterCall(IConnector inner, CancellationTokenSource kill) : IConnector
    {
        public string Target => inner.Target;

        public async Task<string?> PublishAsync(Delivery delivery, CancellationToken cancellationToken)
        {
            await inner.PublishAsync(delivery, cancellationToken);
            await kill.CancelAsync();
            kill.Token.ThrowIfCancellationRequested();
            return null;
        }
    }
}
