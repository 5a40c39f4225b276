using System.Net;
using System.Text.Json;
using Correlator.Testing;

namespace Correlator.Service.Tests.Incidents;

/// <summary>The action endpoints on the real service: each action, the state machine's refusals (409) and bad input (400 naming the field).</summary>
public sealed class IncidentActionEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Settings: payments is highly critical (P1 for a critical alert), with SLA targets per priority; time moves only with the data.</summary>
    public static readonly string[] Settings =
    [
        "IncidentStage:AdvanceWithClock=false",
        "IncidentManagement:Services:payments:Criticality=High",
        "IncidentManagement:Assignment:0:Service=payments",
        "IncidentManagement:Assignment:0:Group=payments-team",
        "IncidentManagement:Groups:payments-team:Lead=lena",
        "IncidentManagement:Sla:P1:Acknowledge=00:15:00",
        "IncidentManagement:Sla:P1:Resolve=04:00:00",
        "IncidentManagement:Sla:P4:Acknowledge=04:00:00",
        "IncidentManagement:Sla:P4:Resolve=1.00:00:00",
    ];

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(Settings);
        using var response = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(
            ("Errors", "payments", "pay-1", Some.At(0), null, "critical"),
            ("DiskFull", "search", "es-1", Some.At(600), null, "warning")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Incident 3 opened a minute ago, so its SLA clocks still run when the test acts on it.
        using var recent = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("Slow", "crm", "crm-1", DateTimeOffset.UtcNow.AddMinutes(-1), null, "warning")));
        Assert.Equal(HttpStatusCode.OK, recent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> ActAsync(long id, string action, string body, string role = "incident-manager")
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf[role]);
        using var response = await client.PostAsync($"/api/incidents/{id}/{action}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> ManagementAsync(long id) => (await _host.GetJsonAsync($"/api/incidents/{id}")).GetProperty("management");

    [Fact]
    public async Task GetIncident_ShowsSlaAssignmentAndEscalationLevel()
    {
        var management = await ManagementAsync(1);

        Assert.Equal("P1", management.GetProperty("priority").GetString());
        Assert.Equal("payments-team", management.GetProperty("group").GetString());
        Assert.Equal(0, management.GetProperty("escalationLevel").GetInt32());
        Assert.Equal(900, management.GetProperty("sla").GetProperty("acknowledge").GetProperty("targetSeconds").GetDouble());
        Assert.True(management.GetProperty("major").GetBoolean());
        Assert.Contains(management.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "priority");
    }

    [Fact]
    public async Task Acknowledge_StopsTheAcknowledgeClock_AndASecondIs409()
    {
        var (status, body) = await ActAsync(2, "acknowledge", "{\"note\":\"looking\"}");
        var (again, problem) = await ActAsync(2, "acknowledge", "");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("acknowledgedAt").ValueKind);
        Assert.Contains(body.GetProperty("sla").GetProperty("acknowledge").GetProperty("state").GetString(), new[] { "met", "breached" });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("already acknowledged", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assign_SetsGroupAndPerson_InTheTimelineWithWho()
    {
        var (status, body) = await ActAsync(2, "assign", "{\"group\":\"search-team\",\"person\":\"sam\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("search-team", body.GetProperty("group").GetString());
        Assert.Equal("sam", body.GetProperty("assignee").GetString());
        Assert.Contains(body.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("text").GetString()!.Contains("by key:test-incident-manager", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HoldThenResume_PausesAndRestartsTheClocks_AndRepeatsAre409()
    {
        var (held, onHold) = await ActAsync(3, "hold", "{\"reason\":\"waiting for the user\"}");
        var (heldAgain, _) = await ActAsync(3, "hold", "{\"reason\":\"again\"}");
        var (resumed, running) = await ActAsync(3, "resume", "{}");
        var (resumedAgain, _) = await ActAsync(3, "resume", "{}");

        Assert.Equal(HttpStatusCode.OK, held);
        Assert.True(onHold.GetProperty("onHold").GetBoolean());
        Assert.Equal("paused", onHold.GetProperty("sla").GetProperty("resolve").GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, heldAgain);
        Assert.Equal(HttpStatusCode.OK, resumed);
        Assert.False(running.GetProperty("onHold").GetBoolean());
        Assert.Equal("running", running.GetProperty("sla").GetProperty("resolve").GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, resumedAgain);
    }

    [Fact]
    public async Task Resolve_StopsBothClocks_ThenEveryActionIs409()
    {
        var (status, body) = await ActAsync(1, "resolve", "{\"note\":\"rolled back the release\"}");
        var (acknowledge, _) = await ActAsync(1, "acknowledge", "");
        var (resolveAgain, _) = await ActAsync(1, "resolve", "{\"note\":\"again\"}");
        var (hold, _) = await ActAsync(1, "hold", "{\"reason\":\"x\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("resolvedAt").ValueKind);
        Assert.NotEqual("running", body.GetProperty("sla").GetProperty("resolve").GetProperty("state").GetString());
        Assert.NotNull(body.GetProperty("crisis").GetProperty("endedAt").GetString());
        Assert.Equal(HttpStatusCode.Conflict, acknowledge);
        Assert.Equal(HttpStatusCode.Conflict, resolveAgain);
        Assert.Equal(HttpStatusCode.Conflict, hold);
    }

    [Fact]
    public async Task Major_OpensTheCrisisRecord_AndASecondFlagIs409()
    {
        var (status, body) = await ActAsync(2, "major", "{\"reason\":\"search down for every shop\"}");
        var (again, _) = await ActAsync(2, "major", "{\"reason\":\"still\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("major").GetBoolean());
        Assert.Equal("search down for every shop", body.GetProperty("crisis").GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again);
    }

    [Theory]
    [InlineData("hold", "{}", "reason")]
    [InlineData("hold", "{\"reason\":\"   \"}", "reason")]
    [InlineData("resolve", "{}", "note")]
    [InlineData("major", "", "reason")]
    [InlineData("assign", "{}", "group")]
    [InlineData("assign", "{\"group\":\"a:b\"}", "group")]
    [InlineData("acknowledge", "{not json", "body")]
    [InlineData("priority", "{\"reason\":\"x\"}", "priority")]
    [InlineData("priority", "{\"priority\":\"P7\",\"reason\":\"x\"}", "priority")]
    [InlineData("priority", "{\"priority\":\"P2\"}", "reason")]
    [InlineData("escalate", "{}", "reason")]
    public async Task Action_BadInput_Is400NamingTheField(string action, string body, string field)
    {
        var (status, problem) = await ActAsync(2, action, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task Priority_ByHand_WithWhoAndWhy_SlaFollows_AndAResolvedIncidentIs409()
    {
        var (status, body) = await ActAsync(1, "priority", "{\"priority\":\"P4\",\"reason\":\"only the staging shop\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("P4", body.GetProperty("priority").GetString());
        Assert.True(body.GetProperty("manualPriority").GetBoolean());
        Assert.Equal(14400, body.GetProperty("sla").GetProperty("acknowledge").GetProperty("targetSeconds").GetDouble());
        Assert.Contains(body.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "priority"
            && e.GetProperty("text").GetString() == "Priority P1 -> P4 by key:test-incident-manager (kept over the policy's from now on): only the staging shop");

        var (resolved, _) = await ActAsync(1, "resolve", "{\"note\":\"done\"}");
        var (after, _) = await ActAsync(1, "priority", "{\"priority\":\"P2\",\"reason\":\"x\"}");
        var (escalateAfter, _) = await ActAsync(1, "escalate", "{\"reason\":\"x\"}");
        Assert.Equal(HttpStatusCode.OK, resolved);
        Assert.Equal(HttpStatusCode.Conflict, after);
        Assert.Equal(HttpStatusCode.Conflict, escalateAfter);
    }

    [Fact]
    public async Task ClearPriority_ReturnsThePolicysPriority_WithALine_409WhenNoneSetByHand_400WithoutReason()
    {
        var (none, _) = await ActAsync(1, "priority/clear", "{\"reason\":\"back to normal\"}");
        Assert.Equal(HttpStatusCode.Conflict, none);
        await ActAsync(1, "priority", "{\"priority\":\"P4\",\"reason\":\"only the staging shop\"}");
        var (noReason, problem) = await ActAsync(1, "priority/clear", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.Equal("reason", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        var (viewer, _) = await ActAsync(1, "priority/clear", "{\"reason\":\"x\"}", role: "viewer");
        Assert.Equal(HttpStatusCode.Forbidden, viewer);

        var (status, body) = await ActAsync(1, "priority/clear", "{\"reason\":\"it is the real shop\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("P1", body.GetProperty("priority").GetString());
        Assert.False(body.GetProperty("manualPriority").GetBoolean());
        Assert.Contains(body.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "priority"
            && e.GetProperty("text").GetString() == "Priority P4 -> P1: priority set by hand cleared by key:test-incident-manager, the policy's applies from now on: it is the real shop");
    }

    [Fact]
    public async Task Escalate_ByHand_NotifiesTheNextLevel_InTheTimelineWithWhoAndWhy()
    {
        var (status, body) = await ActAsync(1, "escalate", "{\"reason\":\"every checkout fails\"}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("escalationLevel").GetInt32() >= 1);
        Assert.Contains(body.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "escalated"
            && e.GetProperty("text").GetString()!.EndsWith("by key:test-incident-manager: every checkout fails", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("priority", "{\"priority\":\"P2\",\"reason\":\"x\"}")]
    [InlineData("escalate", "{\"reason\":\"x\"}")]
    public async Task PriorityAndEscalate_ByAViewer_Are403(string action, string body)
    {
        var (status, _) = await ActAsync(1, action, body, role: "viewer");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("P1", (await ManagementAsync(1)).GetProperty("priority").GetString());
    }

    [Fact]
    public async Task Action_TooLongReason_Is400NamingTheLimit()
    {
        var (status, problem) = await ActAsync(2, "hold", $"{{\"reason\":\"{new string('x', 2001)}\"}}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("IncidentStage:MaxTextLength", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_UnknownIncident_Is404()
    {
        var (status, _) = await ActAsync(999, "acknowledge", "");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Action_ByAViewer_Is403_AndChangesNothing()
    {
        var (status, _) = await ActAsync(2, "acknowledge", "", role: "viewer");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(JsonValueKind.Null, (await ManagementAsync(2)).TryGetProperty("acknowledgedAt", out var at) ? at.ValueKind : JsonValueKind.Null);
    }

    [Fact]
    public async Task Review_IsFedByTheManagedRecords_MttaMttrAndSlaPerGroup()
    {
        await ActAsync(2, "acknowledge", "");
        await ActAsync(2, "resolve", "{\"note\":\"cleaned the disk\"}");

        var review = await _host.GetJsonAsync("/api/review?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z");

        Assert.Equal(2, review.GetProperty("incidents").GetInt32());
        Assert.Equal(JsonValueKind.Number, review.GetProperty("mttaMinutes").ValueKind);
        Assert.Equal(JsonValueKind.Number, review.GetProperty("mttrHours").ValueKind);
        Assert.Contains(review.GetProperty("byGroup").EnumerateArray(), r => r.GetProperty("key").GetString() == "payments-team");
        var group = Assert.Single(review.GetProperty("slaByGroup").EnumerateArray());
        Assert.Equal("service-desk", group.GetProperty("key").GetString());
        Assert.Equal(1, group.GetProperty("measured").GetInt32());
    }

    [Fact]
    public async Task Summary_OfAMajorIncident_IsPlainLanguageFromItsCrisisRecord_AndOtherIncidentsAre404()
    {
        await ActAsync(1, "acknowledge", "{\"note\":\"on it\"}");

        var summary = await _host.GetJsonAsync("/api/incidents/1/summary");
        using var none = await _host.Client.GetAsync("/api/incidents/2/summary", Ct);

        Assert.StartsWith("Major incident 1 (P1) is ongoing: ", summary.GetProperty("headline").GetString(), StringComparison.Ordinal);
        Assert.Equal("Service payments is affected, 1 component: pay-1.", summary.GetProperty("affected").GetString());
        Assert.StartsWith("It started at 2026-03-02 10:00 UTC", summary.GetProperty("since").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("hence priority P1.", summary.GetProperty("impact").GetString(), StringComparison.Ordinal);
        Assert.Contains("acknowledged at", summary.GetProperty("status").GetString(), StringComparison.Ordinal);
        Assert.Contains(summary.GetProperty("decisions").EnumerateArray(), d => d.GetString()!.Contains("Acknowledged by", StringComparison.Ordinal));
        Assert.StartsWith("Next status update at ", summary.GetProperty("nextUpdate").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Mobilised: ", summary.GetProperty("mobilised").GetString(), StringComparison.Ordinal);
        Assert.Contains(summary.GetProperty("headline").GetString()!, summary.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        var page = await _host.Client.GetStringAsync("/incidents/1", Ct);
        Assert.Contains("<section id=\"status-summary\"><h3>Status summary for management</h3><p>Major incident 1 (P1) is ongoing: ", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Critical_ListsOnlyOpenP1OrMajorIncidents_InPlainLanguage_AndDropsThemWhenResolved()
    {
        var before = await _host.GetJsonAsync("/api/critical");
        var flagged = await ActAsync(2, "major", "{\"reason\":\"search down for every shop\"}");

        var critical = await _host.GetJsonAsync("/api/critical");
        var page = await _host.Client.GetStringAsync("/critical", Ct);
        var resolved = await ActAsync(1, "resolve", "{\"note\":\"fixed\"}");
        var after = await _host.GetJsonAsync("/api/critical");

        Assert.Equal([1L], before.EnumerateArray().Select(i => i.GetProperty("incidentId").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, flagged.Status);
        var ids = critical.EnumerateArray().Select(i => i.GetProperty("incidentId").GetInt64()).ToList();
        Assert.Equal([1L, 2L], ids);
        var first = critical[0];
        Assert.Equal("P1", first.GetProperty("priority").GetString());
        Assert.StartsWith("Major incident 1 (P1) is ongoing: ", first.GetProperty("headline").GetString(), StringComparison.Ordinal);
        Assert.True(first.TryGetProperty("nextUpdateAt", out _), "a crisis has its next update time");
        Assert.True(critical[1].GetProperty("major").GetBoolean());
        Assert.Contains("<article class=\"critical\" data-incident=\"1\"", page, StringComparison.Ordinal);
        Assert.Contains("<article class=\"critical\" data-incident=\"2\"", page, StringComparison.Ordinal);
        Assert.Contains("2 critical incidents open.", page.Replace("<strong>", "", StringComparison.Ordinal).Replace("</strong>", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, resolved.Status);
        Assert.Equal([2L], after.EnumerateArray().Select(i => i.GetProperty("incidentId").GetInt64()));
    }
}
