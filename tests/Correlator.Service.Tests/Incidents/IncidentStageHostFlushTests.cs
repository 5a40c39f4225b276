using Correlator.Service.Composition;
using Correlator.Service.Incidents;
using Correlator.Storage;
using Correlator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Correlator.Service.Tests.Incidents;

/// <summary>
/// The whole service with a <see cref="FakeTimeProvider"/>: the count-only changes the stage holds back are written by
/// the host's <c>IncidentStage:DeferredFlushInterval</c> timer and at the host's stop, and by nothing else here (no
/// reader asks for the incident, so no catch-up writes them).
/// </summary>
public sealed class IncidentStageHostFlushTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly TempDirectory _data = new("stage-flush");
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

    [Fact]
    public async Task Timer_CountOnlyChangeHeldBack_IsWrittenWhenTheIntervalPasses()
    {
        using var client = await StartAsync("00:00:05");
        var (store, stage) = await SecondComponentHeldBackAsync(client);

        _clock.Advance(TimeSpan.FromSeconds(5));
        var components = await StoredComponentsAsync(store, until: 2);

        Assert.Equal(2, components);
        Assert.Equal(0, stage.DeferredRecords);
    }

    [Fact]
    public async Task Stop_CountOnlyChangeHeldBack_IsWrittenBeforeTheHostEnds()
    {
        // The fake clock never reaches the interval: only the stop can write the count.
        using var client = await StartAsync("00:05:00");
        var (store, _) = await SecondComponentHeldBackAsync(client);

        await _app!.StopAsync(Ct);

        Assert.Equal(2, await StoredComponentsAsync(store, until: 2));
    }

    private async Task<HttpClient> StartAsync(string flushInterval)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0", "--Storage:DataDirectory=" + _data.Path, "--Pipeline:AdvanceWithClock=false", "--Logging:LogLevel:Default=Warning",
            "--Security:ApiKeys:0:Name=test-admin", "--Security:ApiKeys:0:Role=admin", "--Security:ApiKeys:0:Key=" + ServiceHost.AdminKey,
            "--IncidentStage:AdvanceWithClock=false", "--IncidentStage:PassInterval=00:00:00", "--IncidentStage:DeferredFlushInterval=" + flushInterval,
            "--IncidentManagement:Services:payments:Criticality=High",
        ];
        _app = await CorrelatorApp.BuildAsync(args, builder => builder.Services.AddSingleton<TimeProvider>(_clock), Ct);
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServiceHost.AdminKey);
        return client;
    }

    /// <summary>Opens incident 1 with one payments alert, then attaches a second: a count-only change the stage holds back.</summary>
    private async Task<(SqliteStore Store, IncidentStage Stage)> SecondComponentHeldBackAsync(HttpClient client)
    {
        var store = _app!.Services.GetRequiredService<SqliteStore>();
        var stage = _app.Services.GetRequiredService<IncidentStage>();
        await IngestAsync(client, "pay-1");
        Assert.Equal(1, await StoredComponentsAsync(store, until: 1));
        await IngestAsync(client, "pay-2");
        var deadline = DateTime.UtcNow + Patience;
        while (stage.DeferredRecords == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(1, stage.DeferredRecords);
        Assert.Equal(1, await StoredComponentsAsync(store, until: 1));
        return (store, stage);
    }

    private static async Task IngestAsync(HttpClient client, string resource)
    {
        using var ingest = await client.PostAsync("/ingest/alertmanager", new StringContent(
            Payloads.Alertmanager(("Errors", "payments", resource, Some.T0, null, "critical")), System.Text.Encoding.UTF8, "application/json"), Ct);
        ingest.EnsureSuccessStatusCode();
    }

    /// <summary>Incident 1's stored component count once it equals <paramref name="until"/>, or whatever it is after a patient wait.</summary>
    private static async Task<int> StoredComponentsAsync(SqliteStore store, int until)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var components = (await store.GetManagementAsync(1, Ct))?.Incident.Components ?? 0;
            if (components == until || DateTime.UtcNow > deadline)
            {
                return components;
            }

            await Task.Delay(20, Ct);
        }
    }
}
