using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Correlator.Service.Incidents;
using Correlator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Web;

/// <summary>
/// The incident list (page and API) with incident management: the resolver-group filter combined with the other
/// filters and paging, one priority per row (the managed one once managed), and the batched management read.
/// </summary>
public sealed class IncidentListManagementTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // payments and crm go to payments-team, search to the default group.
        _host = await ServiceHost.StartAsync([.. Incidents.IncidentActionEndpointsTests.Settings,
            "IncidentManagement:Assignment:1:Service=crm", "IncidentManagement:Assignment:1:Group=payments-team"]);
        using var response = await _host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(
            ("Errors", "payments", "pay-1", Some.At(0), null, "critical"),
            ("DiskFull", "search", "es-1", Some.At(600), null, "warning"),
            ("Slow", "crm", "crm-1", Some.At(1200), null, "warning")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static long[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];

    [Fact]
    public async Task Api_FiltersByGroup_CombinedWithStateServiceAndPaging()
    {
        var all = await _host.GetJsonAsync("/api/incidents");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        var crm = Assert.Single(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("service").GetString() == "crm").GetProperty("id").GetInt64();
        var payments = Assert.Single(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("service").GetString() == "payments").GetProperty("id").GetInt64();

        var team = await _host.GetJsonAsync("/api/incidents?group=payments-team");
        Assert.Equal(2, team.GetProperty("total").GetInt32());
        Assert.Equal(new[] { crm, payments }, Ids(team));
        Assert.All(team.GetProperty("items").EnumerateArray(), i => Assert.Equal("payments-team", i.GetProperty("group").GetString()));

        var second = await _host.GetJsonAsync("/api/incidents?group=payments-team&limit=1&offset=1");
        Assert.Equal(2, second.GetProperty("total").GetInt32());
        Assert.Equal(new[] { payments }, Ids(second));

        var byService = await _host.GetJsonAsync("/api/incidents?group=payments-team&service=crm&state=new");
        Assert.Equal(new[] { crm }, Ids(byService));
        var none = await _host.GetJsonAsync("/api/incidents?group=payments-team&service=search");
        Assert.Equal(0, none.GetProperty("total").GetInt32());
        var unknown = await _host.GetJsonAsync("/api/incidents?group=nobody");
        Assert.Equal(0, unknown.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ThePriorityShown_IsTheManagedOne_InListFilterCountsAndDetail()
    {
        var payments = Ids(await _host.GetJsonAsync("/api/incidents?service=payments"))[0];
        using var client = _host.CreateClient(ServiceHost.KeyOf["incident-manager"]);
        using var changed = await client.PostAsync($"/api/incidents/{payments}/priority",
            new StringContent("{\"priority\":\"P4\",\"reason\":\"staging only\"}", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        var item = (await _host.GetJsonAsync("/api/incidents?service=payments")).GetProperty("items")[0];
        Assert.Equal("P4", item.GetProperty("priority").GetString());
        Assert.Equal("managed", item.GetProperty("prioritySource").GetString());
        Assert.Contains(payments, Ids(await _host.GetJsonAsync("/api/incidents?priority=P4")));
        Assert.DoesNotContain(payments, Ids(await _host.GetJsonAsync("/api/incidents?priority=P1")));
        var detail = (await _host.GetJsonAsync($"/api/incidents/{payments}")).GetProperty("incident");
        Assert.Equal("P4", detail.GetProperty("priority").GetString());

        using var viewer = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        var page = await viewer.GetStringAsync("/incidents?group=payments-team&priority=P4", Ct);
        // payments (P4 by hand) and crm (a warning: P4 by the policy) are payments-team's P4 incidents; search is P4 too.
        Assert.Contains("<span id=\"total\">2</span>", page, StringComparison.Ordinal);
        Assert.Contains("data-priority-source=\"managed\"", page, StringComparison.Ordinal);
        Assert.Contains("data-priority=\"P4\">3</span>", page, StringComparison.Ordinal);
        Assert.Contains("data-priority=\"P1\">0</span>", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"payments-team\" selected=\"selected\">payments-team</option>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchedManagementRead_EqualsTheOneByOneRead()
    {
        var ids = Ids(await _host.GetJsonAsync("/api/incidents"));
        var view = _host.App.Services.GetRequiredService<ManagementView>();

        var batch = await view.GetManyAsync([.. ids, 999_999], Ct);

        Assert.Equal(ids.Order(), batch.Keys.Order());
        foreach (var id in ids)
        {
            var one = await view.GetAsync(id, Ct);
            Assert.NotNull(one);
            Assert.Equal(Comparable(one), Comparable(batch[id]));
            Assert.Equal(one.Sla?.Acknowledge.TargetSeconds, batch[id].Sla?.Acknowledge.TargetSeconds);
            Assert.Equal(one.Sla?.Resolve.State, batch[id].Sla?.Resolve.State);
        }
    }

    /// <summary>The view as JSON without its timeline (the list does not read it) and SLA clocks (their elapsed time runs between two reads).</summary>
    private static string Comparable(ManagementDto dto)
    {
        var node = JsonNode.Parse(JsonSerializer.Serialize(dto, IncidentManagementJsonContext.Default.ManagementDto))!.AsObject();
        node.Remove("timeline");
        node.Remove("sla");
        return node.ToJsonString();
    }
}
