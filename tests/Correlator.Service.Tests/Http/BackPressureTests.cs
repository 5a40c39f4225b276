using System.Net;
using Correlator.Testing;
using Microsoft.Data.Sqlite;

namespace Correlator.Service.Tests.Http;

public sealed class BackPressureTests
{
    [Fact]
    public async Task Ingest_QueueFullWhileStoreIsLocked_Returns429AndLosesNothingAccepted()
    {
        await using var host = await ServiceHost.StartAsync("Pipeline:QueueCapacity=1", "Storage:BusyTimeout=00:00:30");
        var ct = TestContext.Current.CancellationToken;
        // Another process holds the database's write lock, as a backup tool or a stuck writer would.
        await using var blocker = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "correlator.db")}");
        await blocker.OpenAsync(ct);
        using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync(ct);
        }

        // The first request is taken by the loop (which then waits for the lock), the second fills the queue.
        var first = host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("A", "checkout", "web-1", Some.At(0), null, "warning")));
        await WaitUntilAsync(() => host.Pipeline.QueuedSignals == 1 && host.Pipeline.QueueDepth == 0, ct);
        var second = host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("B", "checkout", "web-2", Some.At(1), null, "warning")));
        await WaitUntilAsync(() => host.Pipeline.QueueDepth == 1, ct);

        using var third = await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("C", "checkout", "web-3", Some.At(2), null, "warning")));

        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must carry Retry-After");
        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(ct);
        }

        using var firstResponse = await first;
        using var secondResponse = await second;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        var page = await host.GetJsonAsync("/api/incidents?service=checkout");
        Assert.Equal(2, page.GetProperty("items")[0].GetProperty("signalCount").GetInt32());
        var metrics = await host.Client.GetStringAsync("/metrics", ct);
        Assert.Contains("correlator_requests_rejected_total{endpoint=\"alertmanager\",code=\"429\"} 1", metrics, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        var deadline = TimeSpan.FromSeconds(20);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < deadline, "condition not reached in time");
            await Task.Delay(20, ct);
        }
    }
}
