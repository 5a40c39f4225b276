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

        // The first request is taken by the loop (whose commit then waits for the lock), the second is correlated
        // behind that commit (the loop holds at most two batches), the third fills the queue.
        var first = host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("A", "checkout", "web-1", Some.At(0), null, "warning")));
        await WaitUntilAsync(() => host.Pipeline.QueuedSignals == 1 && host.Pipeline.QueueDepth == 0, ct);
        var second = host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("B", "checkout", "web-2", Some.At(1), null, "warning")));
        await WaitUntilAsync(() => host.Pipeline.QueuedSignals == 2 && host.Pipeline.QueueDepth == 0, ct);
        var third = host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("C", "checkout", "web-3", Some.At(2), null, "warning")));
        await WaitUntilAsync(() => host.Pipeline.QueueDepth == 1, ct);

        using var fourth = await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("D", "checkout", "web-4", Some.At(3), null, "warning")));

        Assert.Equal((HttpStatusCode)429, fourth.StatusCode);
        Assert.True(fourth.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must carry Retry-After");
        using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(ct);
        }

        using var firstResponse = await first;
        using var secondResponse = await second;
        using var thirdResponse = await third;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, thirdResponse.StatusCode);
        var page = await host.GetJsonAsync("/api/incidents?service=checkout");
        Assert.Equal(3, page.GetProperty("items")[0].GetProperty("signalCount").GetInt32());
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
