using System.Net;
using Correlator.Testing;
using Microsoft.Data.Sqlite;

namespace Correlator.Service.Tests.Pipeline;

/// <summary>
/// Shutting the service down: the correlation loop may be disposed more than once (by the container, by a test,
/// by two threads at once) without an error, and a graceful stop with requests in flight loses nothing it
/// acknowledged — the HTTP server stops (waiting for its requests) before the loop drains, and the store is
/// closed only after the loop.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task DisposeAsync_Twice_AndConcurrently_IsSafe()
    {
        var host = await ServiceHost.StartAsync();
        var pipeline = host.Pipeline;
        using (var response = await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("DiskFull", "db", "db-1", Some.At(0), null, "warning"))))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The host's container disposes the loop once; then more calls, one after the other and at the same time.
        await host.DisposeAsync();
        await pipeline.DisposeAsync();
        await Task.WhenAll(pipeline.DisposeAsync().AsTask(), pipeline.DisposeAsync().AsTask(), pipeline.DisposeAsync().AsTask());

        Assert.False(pipeline.IsRunning);
    }

    [Fact]
    public async Task GracefulStop_WithRequestsInFlight_EveryAcknowledgedAlertIsStored()
    {
        using var data = new TempDirectory();
        var host = await ServiceHost.StartOnAsync(data.Path);
        using var client = host.CreateClient(ServiceHost.AdminKey);
        var payloads = Enumerable.Range(0, 300)
            .Select(i => Payloads.Alertmanager(("Alert" + (i % 7), "svc-" + (i % 5), "host-" + i, Some.At(i), null, "warning")))
            .ToList();

        var statuses = new HttpStatusCode?[payloads.Count];
        var sending = Parallel.ForEachAsync(Enumerable.Range(0, payloads.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            try
            {
                using var content = new StringContent(payloads[i], System.Text.Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/ingest/alertmanager", content, CancellationToken.None);
                statuses[i] = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // Refused or cut off by the stopping server: not acknowledged, the sender retries.
            }
        });

        // Stop while the senders are still busy.
        while (statuses.Count(s => s is not null) < 40)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        await host.DisposeAsync();
        await sending;

        int acknowledged = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(acknowledged, 40, payloads.Count);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "correlator.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, resource FROM signals";
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                stored.Add(reader.GetString(0) + "@" + (reader.IsDBNull(1) ? "" : reader.GetString(1)));
            }
        }

        Assert.All(Enumerable.Range(0, payloads.Count).Where(i => statuses[i] == HttpStatusCode.OK), i => Assert.Contains($"Alert{i % 7}@host-{i}", stored));
    }
}
