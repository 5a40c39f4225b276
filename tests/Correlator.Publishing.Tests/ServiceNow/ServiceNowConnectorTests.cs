using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Correlator.Domain;
using Correlator.Publishing.ServiceNow;
using Correlator.Testing;

namespace Correlator.Publishing.Tests.ServiceNow;

/// <summary>The ServiceNow connector against <see cref="ServiceNowContractServer"/>, which refuses what an instance would refuse.</summary>
public sealed class ServiceNowConnectorTests : IAsyncDisposable
{
    private static readonly HttpClient Http = new();
    private PublisherFixture? _fixture;
    private ServiceNowContractServer? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PublisherFixture Fixture => _fixture!;

    private ServiceNowContractServer Server => _server!;

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

    private async Task<ServiceNowConnector> StartAsync(string password = ServiceNowContractServer.Password)
    {
        _fixture = await PublisherFixture.CreateAsync("snow", Ct);
        _server = await ServiceNowContractServer.StartAsync(Ct);
        return new ServiceNowConnector("snow", Http, new ServiceNowOptions { Url = _server.Url, User = ServiceNowContractServer.User, Password = password }, TimeProvider.System);
    }

    private async Task DrainAsync(OutboxPublisher publisher)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((await Fixture.Store.CountOutboxAsync(Ct)).Any(c => c.Pending > 0) && DateTimeOffset.UtcNow < deadline)
        {
            if (await publisher.DrainOnceAsync(Ct) == 0)
            {
                await Task.Delay(20, Ct);
            }
        }
    }

    [Fact]
    public async Task Publish_IncidentLifecycle_CreatesOneIncidentThenNotesPriorityAndResolution()
    {
        var publisher = Fixture_Publisher(await StartAsync());
        await Fixture.OpenAsync(1, name: "DiskFull", service: "billing", resource: "db-3");
        await Fixture.AttachAsync(1, 1, 10);
        await Fixture.ChangeAsync(1, i => i.Assess(Impact.High, Urgency.Medium, PriorityMatrix.Default, "wider", Some.At(11)));
        await Fixture.ChangeAsync(1, i => i.Resolve("quiet", Some.At(20)));
        await Fixture.ChangeAsync(1, i => i.Close("done", Some.At(30)));

        await DrainAsync(publisher);

        Assert.Empty(await Fixture.Store.ListOutboxAsync(OutboxStatus.Parked, null, 10, Ct));
        var incident = Assert.Single(Server.Records("incident"));
        Assert.Equal(("DiskFull on billing", "incident/1", "db-3"), (incident["short_description"]!.ToString(), incident["correlation_id"]!.ToString(), incident["cmdb_ci"]!.ToString()));
        Assert.Equal(("1", "2", "2"), (incident["impact"]!.ToString(), incident["urgency"]!.ToString(), incident["priority"]!.ToString()));
        Assert.Equal(("7", "Solution provided"), (incident["state"]!.ToString(), incident["close_code"]!.ToString()));
        var note = Assert.Single(Server.Records("sys_journal_field"));
        Assert.Contains("Errors1", note["value"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(incident["sys_id"]!.ToString(), await Fixture.Store.GetExternalRefAsync("snow", "incident/1", Ct));
    }

    private OutboxPublisher Fixture_Publisher(IConnector connector) => Fixture.Publisher(connector);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Publish_PredictedIncident_CreatesTheRecordWithAPredictionNote_ThenRecordsTheVerdict(bool confirmed)
    {
        var publisher = Fixture_Publisher(await StartAsync());
        await Fixture.OpenAsync(1, name: "CpuHigh", service: "search", resource: "es-1");
        await Fixture.ChangeAsync(1, i => i.OpenAsPredicted("p=0.91 >= 0.70 (model v3)", Some.At(1)));
        await Fixture.ChangeAsync(1, i => confirmed ? i.Confirm("ana", Some.At(5)) : i.Dismiss("ana", "batch job", Some.At(5)));

        await DrainAsync(publisher);

        Assert.Empty(await Fixture.Store.ListOutboxAsync(OutboxStatus.Parked, null, 10, Ct));
        var incident = Assert.Single(Server.Records("incident"));
        var notes = Server.Records("sys_journal_field").Select(n => n["value"]!.ToString()).ToList();
        Assert.Contains(notes, n => n.Contains("Predicted: p=0.91", StringComparison.Ordinal));
        if (confirmed)
        {
            Assert.Contains(notes, n => n.Contains("Prediction confirmed by ana", StringComparison.Ordinal));
            Assert.True(incident["state"] is null || incident["state"]!.ToString() == "1", incident["state"]?.ToString());
        }
        else
        {
            Assert.Equal("7", incident["state"]!.ToString());
            Assert.Contains("Prediction dismissed by ana: batch job", incident["close_notes"]!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Publish_IncidentManagementNotes_AreWorkNotesOnTheSameIncident()
    {
        var publisher = Fixture_Publisher(await StartAsync());
        await Fixture.OpenAsync(1, name: "DiskFull", service: "billing", resource: "db-3");
        var payload = OutboxJson.Write(new IncidentEffect
        {
            IncidentId = 1, Title = "DiskFull on billing", State = "new", Priority = "P1", Impact = "high", Urgency = "high", Severity = "critical",
            OpenedAt = Some.At(0), UpdatedAt = Some.At(900), Notes = ["Notify team-lead (lena): P1 incident 1 not acknowledged within 00:15:00"],
        });
        await Fixture.Store.EnqueueOutboxAsync(
            [new OutboxEffect("incident/1", OutboxKinds.Escalated, "incident/1/notice/1:acknowledge:team-lead", payload),
             new OutboxEffect("incident/1", OutboxKinds.Managed, "incident/1/mgmt/assigned/1", payload.Replace("Notify team-lead", "Assigned; notify", StringComparison.Ordinal))],
            Some.At(900), Ct);

        await DrainAsync(publisher);

        Assert.Empty(await Fixture.Store.ListOutboxAsync(OutboxStatus.Parked, null, 10, Ct));
        Assert.Single(Server.Records("incident"));
        var notes = Server.Records("sys_journal_field");
        Assert.Equal(2, notes.Count);
        Assert.Contains(notes, n => n["value"]!.ToString().Contains("Notify team-lead (lena)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_RetriedAfterTheCallLanded_CreatesNoSecondIncidentAndNoSecondNote()
    {
        var connector = await StartAsync();
        await Fixture.OpenAsync(1);
        await Fixture.AttachAsync(1, 1, 10);
        var rows = await Fixture.Store.ClaimOutboxAsync("snow", 10, DateTimeOffset.UtcNow, Ct);
        var opened = Assert.Single(rows);

        await connector.PublishAsync(new Delivery(opened, Fixture.Store), Ct);
        // The answer was "lost": the row is claimed again (attempt 2) and published again.
        var again = Assert.Single(await Fixture.Store.ClaimOutboxAsync("snow", 10, DateTimeOffset.UtcNow, Ct));
        var sysId = await connector.PublishAsync(new Delivery(again, Fixture.Store), Ct);
        await Fixture.Store.CompleteOutboxAsync(again.Id, sysId, DateTimeOffset.UtcNow, Ct);
        var note = Assert.Single(await Fixture.Store.ClaimOutboxAsync("snow", 10, DateTimeOffset.UtcNow, Ct));
        await connector.PublishAsync(new Delivery(note, Fixture.Store), Ct);
        var noteAgain = Assert.Single(await Fixture.Store.ClaimOutboxAsync("snow", 10, DateTimeOffset.UtcNow, Ct));
        await connector.PublishAsync(new Delivery(noteAgain, Fixture.Store), Ct);

        Assert.Single(Server.Records("incident"));
        Assert.Single(Server.Records("sys_journal_field"));
    }

    [Fact]
    public async Task Publish_Problem_CreatesProblemAndSetsProblemIdOnItsIncidents()
    {
        var publisher = Fixture_Publisher(await StartAsync());
        await Fixture.OpenAsync(1);
        await Fixture.OpenAsync(2);
        await DrainAsync(publisher);

        await Fixture.Store.EnqueueProblemRecordAsync(new ProblemEffect { ProblemId = "PRB-9", Title = "Pool exhaustion", IncidentIds = [1, 2] }, Some.At(50), Ct);
        await DrainAsync(publisher);

        var problem = Assert.Single(Server.Records("problem"));
        Assert.Equal("problem/PRB-9", problem["correlation_id"]!.ToString());
        Assert.All(Server.Records("incident"), i => Assert.Equal(problem["sys_id"]!.ToString(), i["problem_id"]!.ToString()));
    }

    [Fact]
    public async Task Publish_WrongPassword_ParksWithTheInstancesMessage()
    {
        var publisher = Fixture_Publisher(await StartAsync(password: "wrong"));
        await Fixture.OpenAsync(1);

        await DrainAsync(publisher);

        var parked = Assert.Single(await Fixture.Store.ListOutboxAsync(OutboxStatus.Parked, null, 10, Ct));
        Assert.Contains("401", parked.Error, StringComparison.Ordinal);
        Assert.Contains("User Not Authenticated", parked.Error, StringComparison.Ordinal);
        Assert.Empty(Server.Records("incident"));
    }

    [Fact]
    public async Task Publish_RateLimited_WaitsAndDeliversWithoutParking()
    {
        var publisher = Fixture_Publisher(await StartAsync());
        Server.RateLimitSeconds = 1;
        await Fixture.OpenAsync(1);

        await publisher.DrainOnceAsync(Ct);
        Server.RateLimitSeconds = null;
        await DrainAsync(publisher);

        Assert.Single(Server.Records("incident"));
        Assert.Empty(await Fixture.Store.ListOutboxAsync(OutboxStatus.Parked, null, 10, Ct));
    }

    [Theory]
    [InlineData("POST", "api/now/table/incident", "{\"short_description\":\"x\",\"bogus_field\":\"1\"}", true, HttpStatusCode.BadRequest, "Invalid field bogus_field")]
    [InlineData("POST", "api/now/table/incident", "{\"short_description\":\"x\",\"priority\":\"1\"}", true, HttpStatusCode.BadRequest, "read-only")]
    [InlineData("POST", "api/now/table/incident", "{\"short_description\":\"x\"}", false, HttpStatusCode.Unauthorized, "User Not Authenticated")]
    [InlineData("DELETE", "api/now/table/incident", "", true, HttpStatusCode.MethodNotAllowed, "Method not Supported")]
    [InlineData("POST", "api/now/tables/incident", "{\"short_description\":\"x\"}", true, HttpStatusCode.BadRequest, "does not represent any resource")]
    [InlineData("POST", "api/now/table/incidents", "{\"short_description\":\"x\"}", true, HttpStatusCode.BadRequest, "Invalid table incidents")]
    [InlineData("POST", "api/now/table/incident", "{\"state\":\"6\"}", true, HttpStatusCode.BadRequest, "Resolution code")]
    [InlineData("POST", "api/now/table/incident", "{\"cmdb_ci\":\"db-3\"}", true, HttpStatusCode.BadRequest, "needs a sys_id")]
    [InlineData("POST", "api/now/table/incident", "{\"impact\":\"high\"}", true, HttpStatusCode.BadRequest, "Invalid choice")]
    [InlineData("PATCH", "api/now/table/incident/0123456789abcdef0123456789abcdef", "{\"state\":\"2\"}", true, HttpStatusCode.NotFound, "No Record found")]
    public async Task ContractServer_RequestTheApiRefuses_IsRefusedWithItsError(string method, string path, string body, bool auth, HttpStatusCode expected, string message)
    {
        _server = await ServiceNowContractServer.StartAsync(Ct);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_server.Url, path));
        if (auth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ServiceNowContractServer.User}:{ServiceNowContractServer.Password}")));
        }

        if (body.Length > 0)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(_server.Records("incident"));
    }
}
