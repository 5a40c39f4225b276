using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Correlator.Domain;
using Correlator.Publishing;
using Correlator.Publishing.RequestTracker;
using Correlator.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Correlator.Service.Bench;

/// <summary>
/// <c>correlator bench publish</c>: builds the backlog a Request Tracker outage leaves (<c>--rate</c> incident
/// changes per second of event time, each incident opened, given a new signal 30 s later and
/// resolved 60 s later, committed to a fresh store while no publisher runs), then starts the RT publisher and
/// measures how long the backlog takes to drain and the ticket operations per second it sustained.
/// </summary>
internal static class PublishBenchmark
{
    private const string Target = "rt";

    public static async Task<int> RunAsync(PublishBenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.RtEnv))
        {
            await output.WriteLineAsync($"No Request Tracker env file at {options.RtEnv}: start RT first with scripts/rt/start-rt.sh (or pass --rt-env FILE).").ConfigureAwait(false);
            return 2;
        }

        var env = File.ReadAllLines(options.RtEnv).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var rt = new RequestTrackerOptions
        {
            Url = new Uri(env["RT_URL"]),
            Token = env["RT_CORRELATOR_TOKEN"],
            IncidentQueue = "Bench-" + suffix,
            ProblemQueue = "BenchProblems-" + suffix,
        };
        var incidents = options.Count / 3;
        var changes = incidents * 3;
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "correlator-bench-publish-" + suffix)).FullName;
        try
        {
            await using var store = await SqliteStore.OpenAsync(new StorageOptions { DataDirectory = directory }, cancellationToken).ConfigureAwait(false);
            store.AddOutboxRoute(new OutboxRoute(Target, IncidentEffects.Derive, kind => kind == OutboxKinds.ProblemCreate));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Publish benchmark: {Environment.ProcessorCount} cores, RT at {rt.Url}, queue {rt.IncidentQueue}, {options.Concurrency} concurrent calls")).ConfigureAwait(false);
            var outage = TimeSpan.FromSeconds((double)changes / options.Rate);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  outage: {changes} incident changes at {options.Rate}/s of event time = {outage.TotalMinutes:F1} min; {incidents} incidents, each opened, given a signal, resolved")).ConfigureAwait(false);
            await BuildBacklogAsync(store, incidents, options.Rate, cancellationToken).ConfigureAwait(false);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var publisherOptions = new PublisherOptions { MaxConcurrency = options.Concurrency };
            var publisher = new OutboxPublisher(store, new RequestTrackerConnector(Target, http, rt, TimeProvider.System), publisherOptions, TimeProvider.System, NullLogger.Instance);
            var (drain, slowest, fastest) = await DrainAsync(store, publisher, options, output, cancellationToken).ConfigureAwait(false);

            var parked = (await store.CountOutboxAsync(cancellationToken).ConfigureAwait(false)).Sum(c => c.Parked);
            var tickets = await CountTicketsAsync(http, rt, cancellationToken).ConfigureAwait(false);
            var opsPerSecond = publisher.Stats.Delivered / drain.TotalSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  drained {publisher.Stats.Delivered} of {changes} changes in {drain.TotalSeconds:F1} s: {opsPerSecond:F1} ticket operations/s (10-s windows: {fastest:F1} max, {slowest:F1} min); retries {publisher.Stats.Retries}, parked {parked}")).ConfigureAwait(false);
            await output.WriteLineAsync($"  RT holds {tickets} tickets in {rt.IncidentQueue} for {incidents} incidents ({(tickets == incidents ? "one each" : "MISMATCH")})").ConfigureAwait(false);
            var figures = new Dictionary<string, object>
            {
                ["bench"] = "publish",
                ["ticket_operations_per_second"] = Math.Round(opsPerSecond, 2),
                ["backlog_drain_seconds"] = Math.Round(drain.TotalSeconds, 1),
                ["backlog_changes"] = changes,
                ["outage_minutes"] = Math.Round(outage.TotalMinutes, 2),
                ["incidents"] = incidents,
                ["tickets"] = tickets,
                ["parked"] = parked,
                ["concurrency"] = options.Concurrency,
            };
            await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
            return publisher.Stats.Delivered == changes && tickets == incidents && parked == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Commits the changes of each second of event time as one change set, as the pipeline would.</summary>
    private static async Task BuildBacklogAsync(SqliteStore store, int incidents, int rate, CancellationToken cancellationToken)
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var events = new List<(double At, int Incident, int Step)>(incidents * 3);
        for (int i = 0; i < incidents; i++)
        {
            // Three changes per incident: incidents open at a third of the change rate.
            double opened = 3.0 * i / rate;
            events.Add((opened, i, 0));
            events.Add((opened + 30, i, 1));
            events.Add((opened + 60, i, 2));
        }

        var current = new Incident?[incidents];
        foreach (var second in events.OrderBy(e => e.At).ThenBy(e => e.Step).GroupBy(e => (long)e.At))
        {
            var changes = new ChangeSet();
            foreach (var (at, i, step) in second)
            {
                var time = t0.AddSeconds(at);
                var service = "svc-" + (i % 50).ToString(CultureInfo.InvariantCulture);
                var signal = Signal(i, step, service, time);
                var before = current[i];
                var after = step switch
                {
                    0 => Incident.Open(i + 1, "service=" + service, signal, "group by service", time),
                    1 => before!.Attach(signal, "same service", time),
                    _ => before!.Resolve("all signals quiet", time),
                };
                changes.Put(after, before);
                if (step < 2)
                {
                    changes.Put(new SignalState(signal, time, time, 1, i + 1));
                }

                current[i] = after;
                changes.Watermark = time;
                changes.LastIncidentId = Math.Max(changes.LastIncidentId, i + 1);
            }

            await store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Signal Signal(int incident, int step, string service, DateTimeOffset at) => new()
    {
        Source = "bench",
        Fingerprint = $"bench-{incident.ToString(CultureInfo.InvariantCulture)}-{step.ToString(CultureInfo.InvariantCulture)}",
        Name = step == 0 ? "HighLatency" : "ErrorRate",
        Service = service,
        Resource = "host-" + (incident % 200).ToString(CultureInfo.InvariantCulture),
        Severity = Severity.Major,
        EventTime = at,
        StartsAt = at,
        Labels = LabelSet.From(("alertname", step == 0 ? "HighLatency" : "ErrorRate"), ("service", service)),
    };

    private static async Task<(TimeSpan Drain, double Slowest, double Fastest)> DrainAsync(
        SqliteStore store, OutboxPublisher publisher, PublishBenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = Stopwatch.StartNew();
        var loop = publisher.RunAsync(run.Token);
        var windows = new List<double>();
        long lastDelivered = 0;
        var lastWindow = TimeSpan.Zero;
        try
        {
            while (watch.Elapsed < options.MaxDuration)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                var pending = (await store.CountOutboxAsync(cancellationToken).ConfigureAwait(false)).Sum(c => c.Pending);
                if (watch.Elapsed - lastWindow >= TimeSpan.FromSeconds(10))
                {
                    var delivered = publisher.Stats.Delivered;
                    windows.Add((delivered - lastDelivered) / (watch.Elapsed - lastWindow).TotalSeconds);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {watch.Elapsed.TotalSeconds,6:F0} s: {delivered} delivered, {pending} pending, {windows[^1]:F1} ops/s")).ConfigureAwait(false);
                    (lastDelivered, lastWindow) = (delivered, watch.Elapsed);
                }

                if (pending == 0)
                {
                    break;
                }
            }
        }
        finally
        {
            await run.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
        }

        return (watch.Elapsed, windows.Count == 0 ? 0 : windows.Min(), windows.Count == 0 ? 0 : windows.Max());
    }

    private static async Task<int> CountTicketsAsync(HttpClient http, RequestTrackerOptions rt, CancellationToken cancellationToken)
    {
        var query = Uri.EscapeDataString($"Queue = '{rt.IncidentQueue}'");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(rt.Url!, $"REST/2.0/tickets?query={query}&per_page=1"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("token", rt.Token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        return json.RootElement.GetProperty("total").GetInt32();
    }
}
