using System.Net.Http.Json;
using System.Text.Json;
using Correlator.Service.Composition;
using Correlator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Service.Tests.Incidents;

/// <summary>The whole service with a <see cref="FakeTimeProvider"/>: the stage's hosted timer alone drives the escalation.</summary>
public sealed class IncidentStageHostTests : IAsyncDisposable
{
    private readonly TempDirectory _data = new("stage-host");
    private readonly FakeTimeProvider _clock = new(Some.T0);
    private WebApplication? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }

    private async Task<HttpClient> StartAsync(params string[] extra)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0", "--Storage:DataDirectory=" + _data.Path, "--Pipeline:AdvanceWithClock=false", "--Logging:LogLevel:Default=Warning",
            "--Security:ApiKeys:0:Name=test-admin", "--Security:ApiKeys:0:Role=admin", "--Security:ApiKeys:0:Key=" + ServiceHost.AdminKey,
            "--IncidentStage:AdvanceWithClock=true", "--IncidentStage:TickInterval=00:00:01",
            "--IncidentManagement:Services:payments:Criticality=High",
            "--IncidentManagement:Groups:service-desk:Lead=lena",
            "--IncidentManagement:Escalation:P1:0:Level=team-lead", "--IncidentManagement:Escalation:P1:0:Clock=acknowledge", "--IncidentManagement:Escalation:P1:0:After=00:15:00",
            .. extra,
        ];
        _app = await CorrelatorApp.BuildAsync(args, builder => builder.Services.AddSingleton<TimeProvider>(_clock), Ct);
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServiceHost.AdminKey);
        return client;
    }

    private static async Task<int> EscalationLevelAsync(HttpClient client, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var incident = await client.GetFromJsonAsync<JsonElement>("/api/incidents/1", Ct);
            var level = incident.TryGetProperty("management", out var m) ? m.GetProperty("escalationLevel").GetInt32() : 0;
            if (level > 0 || DateTime.UtcNow > deadline)
            {
                return level;
            }

            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task Timer_PastTheAcknowledgeTime_Escalates_AndNotBefore()
    {
        using var client = await StartAsync();
        using var ingest = await client.PostAsync("/ingest/alertmanager", new StringContent(
            Payloads.Alertmanager(("Errors", "payments", "pay-1", Some.T0, null, "critical")), System.Text.Encoding.UTF8, "application/json"), Ct);
        ingest.EnsureSuccessStatusCode();

        _clock.Advance(TimeSpan.FromMinutes(14));
        var early = await EscalationLevelAsync(client, TimeSpan.FromSeconds(2));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var late = await EscalationLevelAsync(client, TimeSpan.FromSeconds(20));

        Assert.Equal(0, early);
        Assert.Equal(1, late);
    }

    [Fact]
    public async Task PassInterval_ReadersDoNotWaitForIt_TheyCatchUpThemselves()
    {
        // The fake clock never reaches the interval: after its first pass the stage's own loop waits the whole test.
        using var client = await StartAsync("--IncidentStage:PassInterval=00:01:00");
        foreach (var (service, resource) in new[] { ("payments", "pay-1"), ("shop", "shop-1") })
        {
            using var ingest = await client.PostAsync("/ingest/alertmanager", new StringContent(
                Payloads.Alertmanager(("Errors", service, resource, Some.T0, null, "critical")), System.Text.Encoding.UTF8, "application/json"), Ct);
            ingest.EnsureSuccessStatusCode();
        }

        var second = await client.GetFromJsonAsync<JsonElement>("/api/incidents/2", Ct);

        Assert.True(second.TryGetProperty("management", out var management) && management.ValueKind == JsonValueKind.Object, second.ToString());
    }
}
