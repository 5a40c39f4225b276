using System.Globalization;
using System.Text.Json;
using Correlator.Service.Composition;
using Correlator.Service.Pipeline;
using Correlator.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Correlator.Service.Bench;

/// <summary>
/// <c>correlator bench ingest</c>: alerts/s that Correlator accepts and correlates into its store over
/// HTTP (batches of 1 and 100), the same stream against a real Alertmanager's API side by side, and
/// the latency from sending an alert to seeing its incident in the API at a fixed rate.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = TimeProvider.System;
        var start = clock.GetUtcNow().AddHours(-1);
        var figures = new Dictionary<string, object>(StringComparer.Ordinal);
        await output.WriteLineAsync($"Ingest benchmark: {Environment.ProcessorCount} cores, {options.Concurrency} concurrent senders ({(options.Sender == IngestSender.Raw ? "raw: a thread and a pre-serialised keep-alive connection each" : "HttpClient")}), {options.Services} services, each alert sent {options.Repeats} time(s)").ConfigureAwait(false);

        foreach (var (batch, count) in new[] { (1, options.AlertsBatch1), (100, options.AlertsBatch100) })
        {
            var alerts = AlertStream.Create(count, options.Services, start, seed: 42, options.Repeats);
            var correlatorRun = await MeasureCorrelatorAsync(alerts, batch, options, output, cancellationToken).ConfigureAwait(false);
            var (correlator, correlatorCpu, _) = correlatorRun;
            figures[$"correlator_alerts_per_s_batch{batch}"] = Math.Round(correlator);
            figures[$"correlator_cpu_us_per_alert_batch{batch}"] = Math.Round(correlatorCpu, 1);
            AddSplit(figures, "correlator", batch, correlatorRun.Send);
            var executable = options.Alertmanager == "none" ? null : AlertmanagerServer.FindExecutable(options.Alertmanager);
            Run? alertmanagerRun = null;
            if (executable is null)
            {
                await output.WriteLineAsync("  Alertmanager: not installed (apt-get install prometheus-alertmanager) or skipped; no side-by-side figure").ConfigureAwait(false);
            }
            else
            {
                var (alertmanager, alertmanagerCpu, _) = (alertmanagerRun = await MeasureAlertmanagerAsync(executable, alerts, batch, options, output, clock, cancellationToken).ConfigureAwait(false)).Value;
                figures[$"alertmanager_alerts_per_s_batch{batch}"] = Math.Round(alertmanager);
                figures[$"alertmanager_cpu_us_per_alert_batch{batch}"] = Math.Round(alertmanagerCpu, 1);
                AddSplit(figures, "alertmanager", batch, alertmanagerRun.Value.Send);
                figures[$"ratio_batch{batch}"] = Math.Round(correlator / alertmanager, 2);
                figures[$"cpu_ratio_batch{batch}"] = Math.Round(alertmanagerCpu / correlatorCpu, 2);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  batch {batch}: Correlator / Alertmanager = {correlator / alertmanager:F2}x by rate; {alertmanagerCpu / correlatorCpu:F2}x by CPU per alert (sender included on both sides)")).ConfigureAwait(false);
            }

            if (options.Ceiling)
            {
                await MeasureCeilingAsync(alerts, batch, correlatorRun, alertmanagerRun, options, output, figures, cancellationToken).ConfigureAwait(false);
            }
        }

        var latency = await MeasureLatencyAsync(options, start, output, clock, cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in latency)
        {
            figures[key] = value;
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
        return 0;
    }

    private static async Task<Run> MeasureCorrelatorAsync(List<BenchAlert> alerts, int batch, BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var bodies = AlertStream.Webhooks(alerts, batch);
        await using var service = await BenchService.StartAsync(options.Settings, cancellationToken).ConfigureAwait(false);
        var send = await IngestSend.RunAsync(options.Sender, new Uri(service.BaseAddress, "ingest/alertmanager"), service.Key, bodies, options.Concurrency, null, cancellationToken).ConfigureAwait(false);
        var (result, cpu) = (send.Result, send.ProcessCpu);
        var counts = await service.Store.CountAsync(cancellationToken).ConfigureAwait(false);
        var rate = alerts.Count / result.Elapsed.TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  Correlator   batch {batch,3}: {alerts.Count} alerts in {result.Requests} requests, {result.Elapsed.TotalSeconds:F2} s, {rate:F0} alerts/s; stored {counts.Signals} signals in {counts.Incidents} incidents in {service.Pipeline.BatchesCommitted} commits; failed {result.Failed}, 429-retried {result.Retried}{Error(result)}")).ConfigureAwait(false);
        await output.WriteLineAsync(send.CpuLine("Correlator")).ConfigureAwait(false);
        var timings = service.Pipeline.Timings;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    where the time went (thread time, summed): parse {timings.Parse.TotalSeconds:F2} s on request threads; loop: correlate {timings.Correlate.TotalSeconds:F2} s, commit {timings.Commit.TotalSeconds:F2} s; {timings.CommittedSignals / (double)Math.Max(1, service.Pipeline.BatchesCommitted):F0} signals per commit")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"    write-ahead log at the end of the run: {service.Store.WalBytes / (1024.0 * 1024):F1} MiB; checkpoints passive {service.Checkpoints.Count("passive")}, truncated {service.Checkpoints.Count("truncated")}, busy {service.Checkpoints.Count("busy")}, failed {service.Checkpoints.Count("failed")}")).ConfigureAwait(false);
        if (service.Management is { IsStarted: true } stage)
        {
            var (passes, writes, elapsed) = stage.Statistics;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    incident management: {passes} passes, {writes} of them wrote (a store transaction each), {elapsed.TotalSeconds:F2} s elapsed in passes")).ConfigureAwait(false);
        }

        var distinct = alerts.Select(a => a.Fingerprint).Distinct(StringComparer.Ordinal).Count();
        if (counts.Signals != distinct || service.Pipeline.Stats.Received != alerts.Count || result.Failed > 0)
        {
            throw new InvalidOperationException($"Correlator stored {counts.Signals} of {distinct} distinct alerts and correlated {service.Pipeline.Stats.Received} of {alerts.Count} ({result.Failed} requests failed): the figure would be meaningless.");
        }

        return new Run(rate, cpu.TotalMilliseconds * 1000 / alerts.Count, send);
    }

    private static async Task<Run> MeasureAlertmanagerAsync(string executable, List<BenchAlert> alerts, int batch, BenchOptions options, TextWriter output, TimeProvider clock, CancellationToken cancellationToken)
    {
        var bodies = AlertStream.PostableAlerts(alerts, batch);
        await using var alertmanager = await AlertmanagerServer.StartAsync(executable, clock, cancellationToken).ConfigureAwait(false);
        var send = await IngestSend.RunAsync(options.Sender, new Uri(alertmanager.BaseAddress, "api/v2/alerts"), null, bodies, options.Concurrency, () => alertmanager.ProcessorTime, cancellationToken).ConfigureAwait(false);
        var result = send.Result;
        var rate = alerts.Count / result.Elapsed.TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  Alertmanager batch {batch,3}: {alerts.Count} alerts in {result.Requests} requests, {result.Elapsed.TotalSeconds:F2} s, {rate:F0} alerts/s; failed {result.Failed}{Error(result)}")).ConfigureAwait(false);
        await output.WriteLineAsync(send.CpuLine("Alertmanager")).ConfigureAwait(false);
        return new Run(rate, send.TotalCpu.TotalMilliseconds * 1000 / alerts.Count, send);
    }

    /// <summary>
    /// The machine's ceiling, measured with the same senders, concurrency and bodies as Correlator's run: a bare Kestrel
    /// target that reads the body and answers 202 ("noop"), and the same plus the production webhook parser ("parse").
    /// Prints them beside Correlator and Alertmanager with the rate 5x Alertmanager would need.
    /// </summary>
    private static async Task MeasureCeilingAsync(List<BenchAlert> alerts, int batch, Run correlator, Run? alertmanager, BenchOptions options, TextWriter output, Dictionary<string, object> figures, CancellationToken cancellationToken)
    {
        var bodies = AlertStream.Webhooks(alerts, batch);
        var runs = new List<(string Name, string What, Run Run)>();
        foreach (var (target, what) in new[] { ("noop", "Kestrel, body read, 202"), ("parse", "+ production webhook parser") })
        {
            await using var server = await CeilingServer.StartAsync(cancellationToken).ConfigureAwait(false);

            // The same request bytes as Correlator's senders: a bearer key of the same length (not checked).
            var send = await IngestSend.RunAsync(options.Sender, new Uri(server.BaseAddress, target), Security.ApiKeySecret.NewKey(), bodies, options.Concurrency, null, cancellationToken).ConfigureAwait(false);
            var (result, cpu) = (send.Result, send.ProcessCpu);
            if (result.Failed > 0 || (target == "parse" && server.Parsed != alerts.Count))
            {
                throw new InvalidOperationException($"The {target} target failed {result.Failed} requests and parsed {server.Parsed} of {alerts.Count} alerts{Error(result)}: the figure would be meaningless.");
            }

            var run = new Run(alerts.Count / result.Elapsed.TotalSeconds, cpu.TotalMilliseconds * 1000 / alerts.Count, send);
            runs.Add((target, what, run));
            figures[$"ceiling_{target}_alerts_per_s_batch{batch}"] = Math.Round(run.Rate);
            figures[$"ceiling_{target}_cpu_us_per_alert_batch{batch}"] = Math.Round(run.CpuMicrosPerAlert, 1);
            AddSplit(figures, "ceiling_" + target, batch, send);
        }

        runs.Add(("Correlator", "correlated and durable", correlator));
        if (alertmanager is { } am)
        {
            runs.Add(("Alertmanager", "its own API, in memory", am));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  batch {batch}, side by side ({options.Sender} senders, {options.Concurrency} concurrent, same bodies; CPU of senders and server; per request: senders / server, where split):")).ConfigureAwait(false);
        foreach (var (name, what, run) in runs)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    {name,-12} {what,-30} {run.Rate,9:F0} alerts/s {run.CpuMicrosPerAlert,8:F1} µs CPU per alert {Split(run.Send)}")).ConfigureAwait(false);
        }

        if (alertmanager is { } reference)
        {
            // At 5x Alertmanager's rate, every core of the machine busy gives each alert at most this much CPU.
            var goal = 5 * reference.Rate;
            var budget = Environment.ProcessorCount * 1_000_000 / goal;
            figures[$"goal_alerts_per_s_batch{batch}"] = Math.Round(goal);
            figures[$"goal_cpu_budget_us_per_alert_batch{batch}"] = Math.Round(budget, 1);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    {"5x AM goal",-12} {"needs",-30} {goal,9:F0} alerts/s {budget,8:F1} µs CPU per alert at most ({Environment.ProcessorCount} cores all busy)")).ConfigureAwait(false);
        }
    }

    private static async Task<Dictionary<string, object>> MeasureLatencyAsync(BenchOptions options, DateTimeOffset start, TextWriter output, TimeProvider clock, CancellationToken cancellationToken)
    {
        var count = (int)(options.LatencyRate * options.LatencyDuration.TotalSeconds);
        var alerts = AlertStream.Create(count, options.Services, start, seed: 7);
        var bodies = AlertStream.Webhooks(alerts, 1);
        await using var service = await BenchService.StartAsync(options.Settings, cancellationToken).ConfigureAwait(false);
        using var client = service.Authorize(LoadGenerator.CreateClient(256));
        if (options.LatencyWarmup > TimeSpan.Zero)
        {
            await WarmUpAsync(client, service, options, start, output, clock, cancellationToken).ConfigureAwait(false);
        }

        using var trace = options.LatencyTrace ? new LatencyTrace(() => service.Pipeline.Timings.Commit, () => service.Management is { IsStarted: true } stage ? stage.Statistics.Elapsed : TimeSpan.Zero) : null;
        if (trace is not null)
        {
            service.Pipeline.Committed += trace.OnCommitted;
        }

        var result = await LatencyProbe.RunAsync(client, service.BaseAddress, alerts, bodies, options.LatencyRate, options.LatencyPollInterval, clock, cancellationToken).ConfigureAwait(false);
        if (trace is not null)
        {
            service.Pipeline.Committed -= trace.OnCommitted;
        }

        double P(double[] sorted, double p) => Math.Round(LatencyProbe.Percentile(sorted, p), 2);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  Latency at {options.LatencyRate} alerts/s for {options.LatencyDuration.TotalSeconds:F0} s: sent {result.Sent} ({result.Sent / result.Elapsed.TotalSeconds:F0}/s achieved), failed {result.Failed}; {result.Polls / (double)Math.Max(1, result.Sent):F1} incident reads per alert, {options.LatencyPollInterval.TotalMilliseconds:F0} ms apart")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    accepted (durable)         p50 {P(result.AcceptedMs, 0.5)} ms  p99 {P(result.AcceptedMs, 0.99)} ms  max {P(result.AcceptedMs, 1)} ms")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    incident visible in API    p50 {P(result.VisibleMs, 0.5)} ms  p99 {P(result.VisibleMs, 0.99)} ms  max {P(result.VisibleMs, 1)} ms")).ConfigureAwait(false);
        var holds = LockHoldsDuring(service.Checkpoints, result);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    checkpoints passive {service.Checkpoints.Count("passive")}, truncated {service.Checkpoints.Count("truncated")}, busy {service.Checkpoints.Count("busy")}; write lock held by truncations {holds.Count} times, max {holds.MaxMs:F1} ms (of it resetting, readers' wait included: {holds.MaxResetMs:F1} ms), total {holds.TotalMs:F1} ms, {holds.Pages} log pages copied under it; WAL at the end {service.Store.WalBytes / (1024.0 * 1024):F1} MiB")).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"    accepted while a truncation held the lock: {holds.Overlapping} alerts; accepted p99 of the others {P(holds.OthersMs, 0.99)} ms")).ConfigureAwait(false);
        var figures = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["latency_truncations"] = holds.Count,
            ["latency_lock_max_ms"] = Math.Round(holds.MaxMs, 1),
            ["latency_lock_total_ms"] = Math.Round(holds.TotalMs, 1),
            ["latency_lock_reset_max_ms"] = Math.Round(holds.MaxResetMs, 1),
            ["latency_accepted_overlapping_lock"] = holds.Overlapping,
            ["latency_accepted_p99_others_ms"] = P(holds.OthersMs, 0.99),
            ["latency_rate_per_s"] = options.LatencyRate,
            ["latency_accepted_p50_ms"] = P(result.AcceptedMs, 0.5),
            ["latency_accepted_p99_ms"] = P(result.AcceptedMs, 0.99),
            ["latency_visible_p50_ms"] = P(result.VisibleMs, 0.5),
            ["latency_visible_p99_ms"] = P(result.VisibleMs, 0.99),
            ["latency_failed"] = result.Failed,
            ["latency_reads_per_alert"] = Math.Round(result.Polls / (double)Math.Max(1, result.Sent), 1),
            ["latency_warmup_s"] = options.LatencyWarmup.TotalSeconds,
        };
        if (trace is not null)
        {
            var window = (From: result.Alerts.Length == 0 ? 0 : result.Alerts.Min(a => a.Start), To: System.Diagnostics.Stopwatch.GetTimestamp());
            await LatencyReport.WriteAsync(trace.Stop(window.From, window.To), result, holds.Spans, output, figures).ConfigureAwait(false);
        }

        return figures;
    }

    /// <summary>
    /// Sends <see cref="BenchOptions.LatencyWarmup"/> of the same kind of load first (other alerts, earlier in event time),
    /// so that the measured phase does not include the first compilations of the paths it takes.
    /// </summary>
    private static async Task WarmUpAsync(HttpClient client, BenchService service, BenchOptions options, DateTimeOffset start, TextWriter output, TimeProvider clock, CancellationToken cancellationToken)
    {
        int count = (int)(options.LatencyRate * options.LatencyWarmup.TotalSeconds);
        var alerts = AlertStream.Create(count, options.Services, start.AddMilliseconds(-50.0 * count), seed: 8)
            .Select((a, i) => a with { Fingerprint = (0x7000_0000_0000_0000L + i).ToString("x16", CultureInfo.InvariantCulture) })
            .ToList();
        var warm = await LatencyProbe.RunAsync(client, service.BaseAddress, alerts, AlertStream.Webhooks(alerts, 1), options.LatencyRate, options.LatencyPollInterval, clock, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  Warm-up at {options.LatencyRate} alerts/s for {options.LatencyWarmup.TotalSeconds:F0} s (not counted): sent {warm.Sent}, failed {warm.Failed}; accepted p99 {LatencyProbe.Percentile(warm.AcceptedMs, 0.99):F2} ms, visible p99 {LatencyProbe.Percentile(warm.VisibleMs, 0.99):F2} ms")).ConfigureAwait(false);
    }

    /// <summary>
    /// The truncations' holds of the write lock that ended during the probe, and which accepted alerts waited while
    /// one was held (their send-to-answer window overlaps it): the figure that ties the accepted p99 to the truncation.
    /// </summary>
    private static (int Count, double MaxMs, double TotalMs, double MaxResetMs, long Pages, int Overlapping, double[] OthersMs, List<(long Start, long End)> Spans) LockHoldsDuring(CheckpointMetrics checkpoints, LatencyProbe.Result result)
    {
        var windows = result.AcceptedWindows;
        long first = windows.Length == 0 ? long.MaxValue : windows.Min(w => w.Start);
        var holds = checkpoints.LockHolds().Where(h => h.EndTimestamp >= first).ToList();
        var spans = holds.Select(h => (Start: h.EndTimestamp - (long)(h.Held.TotalSeconds * System.Diagnostics.Stopwatch.Frequency), End: h.EndTimestamp)).ToList();
        var sorted = spans.OrderBy(s => s.Start).ToArray();
        var maxEnds = LatencyExplanation.MaxEnds(sorted);
        var others = new List<double>(windows.Length);
        int overlapping = 0;
        foreach (var (start, end) in windows)
        {
            if (LatencyExplanation.Overlaps(sorted, maxEnds, start, end))
            {
                overlapping++;
            }
            else
            {
                others.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
            }
        }

        others.Sort();
        return (holds.Count, holds.Count == 0 ? 0 : holds.Max(h => h.Held.TotalMilliseconds), holds.Sum(h => h.Held.TotalMilliseconds), holds.Count == 0 ? 0 : holds.Max(h => h.ResetHeld.TotalMilliseconds), holds.Sum(h => (long)Math.Max(0, h.PagesCopied)), overlapping, [.. others], spans);
    }

    private static void AddSplit(Dictionary<string, object> figures, string prefix, int batch, IngestSend send)
    {
        if (send.SenderMicrosPerRequest is { } senders && send.ServerMicrosPerRequest is { } server)
        {
            figures[$"{prefix}_sender_cpu_us_per_request_batch{batch}"] = Math.Round(senders, 1);
            figures[$"{prefix}_server_cpu_us_per_request_batch{batch}"] = Math.Round(server, 1);
        }
    }

    private static string Split(IngestSend send) => send.SenderMicrosPerRequest is { } senders && send.ServerMicrosPerRequest is { } server
        ? string.Create(CultureInfo.InvariantCulture, $"{senders,7:F1} / {server,7:F1} µs per request")
        : "      (not split)";

    /// <summary>
    /// A throughput run: alerts per second of wall time, and CPU microseconds per alert (sender included; on a shared
    /// machine steadier than the rate, as it does not count the time others use the cores), and the run itself.
    /// </summary>
    private readonly record struct Run(double Rate, double CpuMicrosPerAlert, IngestSend Send);

    private static string Error(LoadGenerator.Result result) => result.FirstError is null ? string.Empty : $"; first error {result.FirstError}";

    /// <summary>A fresh service in this process on a free port with a throw-away data folder.</summary>
    private sealed class BenchService : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _folder;


        private BenchService(WebApplication app, string folder, Uri baseAddress, string key)
        {
            _app = app;
            _folder = folder;
            BaseAddress = baseAddress;
            Key = key;
        }

        /// <summary>Makes the client send this service's API key (an admin's: the latency probe also reads incidents).</summary>
        public HttpClient Authorize(HttpClient client)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
            return client;
        }

        public Uri BaseAddress { get; }

        /// <summary>The service's admin API key.</summary>
        public string Key { get; }

        public SqliteStore Store => _app.Services.GetRequiredService<SqliteStore>();

        public SignalPipeline Pipeline => _app.Services.GetRequiredService<SignalPipeline>();

        public CheckpointMetrics Checkpoints => _app.Services.GetRequiredService<CheckpointMetrics>();

        /// <summary>The incident-management stage, when it is enabled.</summary>
        public Correlator.Service.Incidents.IncidentStage? Management => _app.Services.GetService<Correlator.Service.Incidents.IncidentStage>();

        public static async Task<BenchService> StartAsync(IEnumerable<string> settings, CancellationToken cancellationToken)
        {
            var folder = Path.Combine(Path.GetTempPath(), "correlator-bench-" + Guid.NewGuid().ToString("N"));
            var key = Security.ApiKeySecret.NewKey();
            string[] args =
            [
                "--urls=http://127.0.0.1:0", "--Storage:DataDirectory=" + folder, "--Pipeline:AdvanceWithClock=false",
                "--Security:ApiKeys:0:Name=bench", "--Security:ApiKeys:0:Role=admin", "--Security:ApiKeys:0:Key=" + key,
                "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning", .. settings.Select(s => "--" + s),
            ];
            var app = await CorrelatorApp.BuildAsync(args, cancellationToken: cancellationToken).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
                ?? throw new InvalidOperationException("The service has no address.");
            return new BenchService(app, folder, new Uri(address + "/"), key);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            Directory.Delete(_folder, recursive: true);
        }
    }
}
