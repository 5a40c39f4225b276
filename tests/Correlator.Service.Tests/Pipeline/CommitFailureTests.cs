using System.Net;
using Correlator.Testing;
using Microsoft.Data.Sqlite;

namespace Correlator.Service.Tests.Pipeline;

/// <summary>
/// A commit the store refuses (here a trigger that aborts on one alert name) fails the requests of that batch and
/// of the batch correlated behind it; the loop rebuilds its state from the store and goes on. Concurrent senders
/// make the loop correlate one batch while it commits the previous one.
/// </summary>
public sealed class CommitFailureTests
{
    [Fact]
    public async Task CommitRefused_ConcurrentSenders_EveryAcceptedAlertStoredOnce_AndResentOnesToo()
    {
        await using var host = await ServiceHost.StartAsync();
        var path = Path.Combine(host.DataDirectory, "correlator.db");
        await ExecuteAsync(path, "CREATE TRIGGER poison BEFORE INSERT ON signals WHEN NEW.name = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
        var payloads = Enumerable.Range(0, 400)
            .Select(i => Payloads.Alertmanager((i % 50 == 25 ? "Poison" : "Alert" + (i % 7), "svc-" + (i % 5), "host-" + i, Some.At(i), null, "warning")))
            .ToList();

        var statuses = new HttpStatusCode[payloads.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, payloads.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            using var response = await host.PostJsonAsync("/ingest/alertmanager", payloads[i]);
            statuses[i] = response.StatusCode;
        });

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"unexpected {s}"));
        Assert.All(Enumerable.Range(0, payloads.Count).Where(i => i % 50 == 25), i => Assert.Equal(HttpStatusCode.ServiceUnavailable, statuses[i]));
        var accepted = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.Equal(accepted, await ScalarAsync(path, "SELECT count(*) FROM signals"));

        // The senders of refused requests send them again, as Alertmanager would, once the store takes them.
        await ExecuteAsync(path, "DROP TRIGGER poison;");
        for (int i = 0; i < payloads.Count; i++)
        {
            if (statuses[i] != HttpStatusCode.OK)
            {
                using var response = await host.PostJsonAsync("/ingest/alertmanager", payloads[i]);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        Assert.Equal(payloads.Count, await ScalarAsync(path, "SELECT count(*) FROM signals"));
        Assert.Equal(payloads.Count, await ScalarAsync(path, "SELECT count(*) FROM incident_links"));
        Assert.Equal(payloads.Count, await ScalarAsync(path, "SELECT count(DISTINCT fingerprint) FROM incident_links"));
        Assert.Equal(0, await ScalarAsync(path, "SELECT count(*) FROM signals s WHERE NOT EXISTS (SELECT 1 FROM incident_links l WHERE l.fingerprint = s.fingerprint AND l.incident_id = s.incident_id)"));
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
