using System.Diagnostics;
using System.Globalization;
using Correlator.Storage;

// usage: store-probe <data-directory> <fingerprint> [incident id, default 7]
// Opens the store (timing its migrations and merges), then, twice: reads one incident three ways, filters by fingerprint,
// and times the other reads that resolve its links to signal states (pages at 900 and at the end, chosen fingerprints, density, its cluster).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: store-probe <data-directory> <fingerprint> [incident-id]");
    return 2;
}

var id = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 7;
var ct = CancellationToken.None;
var clock = Stopwatch.StartNew();
await using var store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = args[0] }, ct);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"open {clock.Elapsed.TotalSeconds:F2} s"));
for (int round = 1; round <= 2; round++)
{
    clock.Restart();
    var detail = await store.GetIncidentAsync(id, ct);
    var detailMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var outline = await store.GetIncidentOutlineAsync(id, ct);
    var outlineMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var page = await store.ListIncidentSignalsAsync(id, 0, 50, ct);
    var pageMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var filtered = await store.ListIncidentsAsync(new IncidentQuery { Fingerprint = args[1] }, ct);
    var filterMs = clock.Elapsed.TotalMilliseconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round}: detail {detailMs:F1} ms ({detail?.Signals.Count ?? 0} signals), outline {outlineMs:F1} ms ({outline?.SignalCount ?? 0}), first page of 50 {pageMs:F1} ms ({page.Count}), ?fingerprint= {filterMs:F1} ms ({filtered.Items.Count} incidents)"));

    // The other reads that resolve links to signal states: a deep page, chosen fingerprints, the density chart, clusters.
    var count = outline?.SignalCount ?? 0;
    var fingerprints = detail?.Signals.Select(s => s.Fingerprint).ToArray() ?? [];
    clock.Restart();
    var middle = await store.ListIncidentSignalsAsync(id, Math.Min(900, Math.Max(0, count - 50)), 50, ct);
    var middleMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var last = await store.ListIncidentSignalsAsync(id, Math.Max(0, count - 50), 50, ct);
    var lastMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var ten = await store.ListIncidentSignalsAsync(id, fingerprints.Take(10).ToArray(), ct);
    var tenMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    var all = await store.ListIncidentSignalsAsync(id, fingerprints, ct);
    var allMs = clock.Elapsed.TotalMilliseconds;
    var (from, to) = (outline?.FirstStart ?? DateTimeOffset.UnixEpoch, outline?.LastEnd ?? DateTimeOffset.UnixEpoch);
    clock.Restart();
    var density = await store.GetSignalDensityAsync(id, from, to, 60, 8, ct);
    var densityMs = clock.Elapsed.TotalMilliseconds;
    var opened = detail?.Incident.OpenedAt ?? DateTimeOffset.UnixEpoch;
    clock.Restart();
    var clusters = await store.ListIncidentClustersAsync(opened, opened.AddSeconds(1), 1, ct);
    var clustersMs = clock.Elapsed.TotalMilliseconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round}: page of 50 at 900 {middleMs:F1} ms ({middle.Count}), last page of 50 {lastMs:F1} ms ({last.Count}), 10 chosen {tenMs:F1} ms ({ten.Count}), all chosen {allMs:F1} ms ({all.Count}), density {densityMs:F1} ms ({density.Groups.Sum(g => g.Count)}), clusters {clustersMs:F1} ms ({clusters.Sum(c => c.Signals.Count)} signals)"));
}

return 0;
