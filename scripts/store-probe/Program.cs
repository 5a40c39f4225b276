using System.Diagnostics;
using System.Globalization;
using Correlator.Storage;

// usage: store-probe <data-directory> <fingerprint> [incident id, default 7]
// Opens the store (timing its migrations and merges), then reads one incident three ways and filters by fingerprint, twice.
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
}

return 0;
