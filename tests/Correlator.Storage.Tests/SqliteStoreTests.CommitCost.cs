using System.Diagnostics;
using System.Globalization;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    private static readonly string[] CostTables = ["signals", "incidents", "incident_links", "incident_timeline", "outbox", "positions", "meta"];

    /// <summary>
    /// The commit path alone, as `bench ingest` drives it at batch 100: change sets of 100 new firing alerts that
    /// join open incidents (one per service, 500 services), with the incidents' new links, a position and the
    /// watermark. The same change sets go to two stores, one writing a row per statement and one with
    /// <see cref="StorageOptions.MultiRowInserts"/> (the default), in alternating rounds (so both see the same load on a shared machine). Prints per variant the
    /// CPU µs per alert of the commits (lowest and median round), pages and rows written per alert, and the SQL
    /// statements run per batch; asserts both stores hold the same rows and the statements each runs per batch.
    /// </summary>
    [Fact]
    public async Task CommitAsync_BatchesOf100NewAlertsJoiningIncidents_ReportsCostPerAlert()
    {
        const int Services = 500;
        const int Rounds = 16;
        const int BatchesPerRound = 25;
        const int BatchSize = 100;
        const int Batches = Rounds * BatchesPerRound;
        _options.MultiRowInserts = false;
        var store = await OpenAsync();
        await using var multiRow = await SqliteStore.OpenAsync(
            new StorageOptions { DataDirectory = Path.Combine(_directory, "multi-row"), MultiRowInserts = true }, Ct);

        var incidents = await OpenCostIncidentsAsync(Services, store, multiRow);

        // Build every change set first, so the measured time is the commits' alone.
        var batches = new ChangeSet[Batches];
        for (int b = 0; b < Batches; b++)
        {
            var changes = batches[b] = new ChangeSet { Watermark = Some.At(b + 1), LastIncidentId = Services };
            changes.SetPosition("http", b.ToString(CultureInfo.InvariantCulture));
            for (int i = 0; i < BatchSize; i++)
            {
                int n = (b * BatchSize) + i;
                int service = n % Services;
                var signal = CostAlert(service, n, b + 1);
                var before = incidents[service];
                incidents[service] = before.Attach(signal, "group service=" + signal.Service, Some.At(b + 1));
                changes.Put(incidents[service], before);
                changes.Put(State(signal, service + 1, b + 1));
            }
        }

        var rowsBefore = await CountRowsAsync();
        var stores = new[] { ("one statement per row (Storage:MultiRowInserts=false)", store), ("Storage:MultiRowInserts=true (default)", multiRow) };
        var before0 = stores.Select(s => s.Item2.WriteDiagnostics()).ToArray();
        var cpuPerAlert = new List<double>[] { [], [] };
        using var process = Process.GetCurrentProcess();
        for (int round = 0; round < Rounds; round++)
        {
            for (int v = 0; v < stores.Length; v++)
            {
                // Alternate which variant goes first, so neither always follows the other's cache misses.
                int which = (round % 2 == 0) ? v : stores.Length - 1 - v;
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                for (int b = round * BatchesPerRound; b < (round + 1) * BatchesPerRound; b++)
                {
                    await stores[which].Item2.CommitAsync(batches[b], Ct);
                }

                process.Refresh();
                cpuPerAlert[which].Add((process.TotalProcessorTime - cpuBefore).TotalMicroseconds / (BatchesPerRound * BatchSize));
            }
        }

        const int Alerts = Batches * BatchSize;
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Alerts} new alerts joining {Services} incidents in {Batches} commits of {BatchSize} per store, {Rounds} alternating rounds; synchronous={_options.Synchronous}; load average {LoadAverage()}"));
        var statementsPerBatch = new double[stores.Length];
        var medians = new double[stores.Length];
        for (int v = 0; v < stores.Length; v++)
        {
            var (name, variant) = stores[v];
            var (statementsAfter, pagesAfter) = variant.WriteDiagnostics();
            var sorted = cpuPerAlert[v].Order().ToArray();
            medians[v] = sorted[sorted.Length / 2];
            output?.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: commit CPU per alert lowest round {sorted[0]:F2} µs, median {medians[v]:F2} µs; pages written per alert {(double)(pagesAfter - before0[v].PagesWritten) / Alerts:F2}"));
            foreach (var (sql, executions) in statementsAfter)
            {
                var ran = executions - before0[v].Statements.Where(s => s.Sql == sql).Sum(s => s.Executions);
                statementsPerBatch[v] += (double)ran / Batches;
                if (ran > 0)
                {
                    output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  per batch {(double)ran / Batches,7:F2} x {sql[..Math.Min(sql.Length, 100)]}"));
                }
            }

            output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  statements per batch: {statementsPerBatch[v]:F1}"));
        }

        var rowsAfter = await CountRowsAsync();
        foreach (var table in CostTables)
        {
            output?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows added per alert, {table}: {(double)(rowsAfter[table] - rowsBefore[table]) / Alerts:F3}"));
        }

        output?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"commit_cpu_us_per_alert_batch100":{{medians[0]:F2}},"commit_cpu_us_per_alert_batch100_multi_row":{{medians[1]:F2}},"statements_per_batch":{{statementsPerBatch[0]:F1}},"statements_per_batch_multi_row":{{statementsPerBatch[1]:F1}}}"""));

        Assert.Equal(Alerts, rowsAfter["signals"] - rowsBefore["signals"]);
        Assert.Equal(Alerts, rowsAfter["incident_links"] - rowsBefore["incident_links"]);
        Assert.Equal(0, rowsAfter["incident_timeline"] - rowsBefore["incident_timeline"]);
        Assert.Equal(0, rowsAfter["incidents"] - rowsBefore["incidents"]);
        // Default: per batch 100 signal inserts, 100 incident updates, 100 link inserts, the position and the watermark,
        // and the new episodes' keys filed in the fingerprint runs (two multi-row inserts of 64 and 36 keys).
        Assert.Equal(304, statementsPerBatch[0]);
        Assert.Equal(110, statementsPerBatch[1]);
        for (long id = 1; id <= Services; id += 99)
        {
            var one = await store.GetIncidentAsync(id, Ct);
            var other = await multiRow.GetIncidentAsync(id, Ct);
            Assert.NotNull(one);
            Assert.NotNull(other);
            Assert.Equal(incidents[id - 1].Links, one.Incident.Links);
            Assert.Equal(other.Incident.Links, one.Incident.Links);
            Assert.Equal(other.Incident.UpdatedAt, one.Incident.UpdatedAt);
            Assert.Equal(other.Incident.Timeline, one.Incident.Timeline);
            Assert.Equal(other.Signals, one.Signals);
        }
    }

    /// <summary>Opens incidents 1..services, one per service with its first alert, in each store; returns them.</summary>
    private static async Task<Incident[]> OpenCostIncidentsAsync(int services, params SqliteStore[] stores)
    {
        var incidents = new Incident[services];
        var opening = new ChangeSet { Watermark = Some.At(0), LastIncidentId = services };
        for (int s = 0; s < services; s++)
        {
            var first = CostAlert(s, -1 - s, 0);
            incidents[s] = Open(s + 1, first);
            opening.Put(incidents[s], null);
            opening.Put(State(first, s + 1));
        }

        foreach (var store in stores)
        {
            await store.CommitAsync(opening, Ct);
        }

        return incidents;
    }

    private static Signal CostAlert(int service, int n, int at)
    {
        var name = "Alert" + (n % 6).ToString(CultureInfo.InvariantCulture);
        var svc = "svc-" + service.ToString(CultureInfo.InvariantCulture);
        var instance = "host-" + n.ToString(CultureInfo.InvariantCulture) + ":9100";
        var labels = LabelSet.From(("alertname", name), ("service", svc), ("instance", instance), ("severity", "warning"), ("job", "node"));
        return new Signal
        {
            Source = "alertmanager",
            Fingerprint = Fingerprints.Compute("alertmanager", labels),
            Name = name,
            Service = svc,
            Resource = instance,
            Status = SignalStatus.Firing,
            Severity = Severity.Warning,
            EventTime = Some.At(at),
            StartsAt = Some.At(at),
            Labels = labels,
            Annotations = LabelSet.From(("summary", name + " on " + instance), ("runbook_url", "https://runbooks.example/" + name)),
            Summary = name + " on " + instance,
        };
    }

    private async Task<Dictionary<string, long>> CountRowsAsync()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in CostTables)
        {
            counts[table] = await ScalarAsync($"SELECT COUNT(*) FROM {table}");
        }

        return counts;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
