using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Correlator.Domain;
using Correlator.Service.Bench.Correlation;
using Correlator.Service.Composition;
using Correlator.Service.Incidents;
using Correlator.Service.Pipeline;
using Microsoft.Extensions.Configuration.Memory;

namespace Correlator.Service.Bench;

/// <summary>
/// <c>correlator bench growth</c>: whether the cost of a signal grows with the size of the incident it joins. Streams
/// alerts with distinct fingerprints and resources, all of one service, so they all join ONE incident, through the
/// service's core (correlation loop, SQLite commit, incident-management stage) on an empty data folder, and prints
/// the wall and CPU time per 1,000 alerts at each step as the incident grows.
/// </summary>
internal static class GrowthBenchmark
{
    public const string Usage = """
        Usage: correlator bench growth [--signals N] [--step N] [--batch N] [--services N]
        Streams --signals alerts (default 50,000) that all join one incident (or one per --services, round-robin), in requests of --batch alerts (default
        100), through correlation, the SQLite commit and incident management; prints the cost per 1,000 alerts every
        --step alerts (default 5,000). A flat cost means the work per alert does not grow with the incident.
        """;

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var options = new VerbArguments(args, Usage, "--signals", "--step", "--batch", "--services");
        int signals = options.Int("--signals", 50_000, 1, 10_000_000);
        int step = options.Int("--step", 5_000, 1, 10_000_000);
        int batch = options.Int("--batch", 100, 1, 10_000);
        int services = options.Int("--services", 1, 1, 100_000);
        var data = Path.Combine(Path.GetTempPath(), "correlator-bench-growth-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await RunAsync(signals, step, batch, services, data, output).ConfigureAwait(false);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<int> RunAsync(int signals, int step, int batch, int services, string data, TextWriter output)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Storage:DataDirectory"] = data,
                ["Pipeline:AdvanceWithClock"] = "false",
                ["IncidentStage:AdvanceWithClock"] = "false",
            },
        });
        var store = await CorrelatorServices.OpenStoreAsync(builder.Configuration, CancellationToken.None).ConfigureAwait(false);
        builder.Services.AddCorrelatorCore(builder.Configuration, store);
        builder.Services.AddCorrelatorIncidentManagement(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var pipeline = host.Services.GetRequiredService<SignalPipeline>();
        var stage = host.Services.GetRequiredService<IncidentStage>();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Growth: {signals:N0} distinct alerts of {services:N0} service(s), each joining its service's incident (incident size = alerts sent / services), requests of {batch:N0}, load average {LoadAverage()}")).ConfigureAwait(false);
        await output.WriteLineAsync("    alerts sent | ms per 1,000 (wall) | CPU ms per 1,000 | correlate ms | commit ms").ConfigureAwait(false);

        using var process = Process.GetCurrentProcess();
        var steps = new List<(int Size, double WallMs, double CpuMs)>();
        var watch = Stopwatch.StartNew();
        var cpu = process.TotalProcessorTime;
        var (correlate, commit) = (pipeline.Timings.Correlate, pipeline.Timings.Commit);
        int stepStart = 0;
        for (int sent = 0; sent < signals;)
        {
            int count = Math.Min(batch, signals - sent);
            var items = new Signal[count];
            for (int i = 0; i < count; i++)
            {
                items[i] = Alert(sent + i, services);
            }

            var item = new PipelineItem(items);
            await pipeline.EnqueueAsync(item, CancellationToken.None).ConfigureAwait(false);
            await item.Completion.ConfigureAwait(false);
            await stage.ProcessPendingAsync(CancellationToken.None).ConfigureAwait(false);
            sent += count;
            if (sent - stepStart >= step || sent == signals)
            {
                process.Refresh();
                double per = 1000.0 / (sent - stepStart);
                var (wall, cpuNow) = (watch.Elapsed.TotalMilliseconds * per, (process.TotalProcessorTime - cpu).TotalMilliseconds * per);
                steps.Add((sent, wall, cpuNow));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {sent,13:N0} | {wall,19:F1} | {cpuNow,16:F1} | {(pipeline.Timings.Correlate - correlate).TotalMilliseconds * per,12:F1} | {(pipeline.Timings.Commit - commit).TotalMilliseconds * per,9:F1}")).ConfigureAwait(false);
                (correlate, commit) = (pipeline.Timings.Correlate, pipeline.Timings.Commit);
                cpu = process.TotalProcessorTime;
                watch.Restart();
                stepStart = sent;
            }
        }

        int open = pipeline.OpenIncidents;
        await host.StopAsync().ConfigureAwait(false);
        // The first step carries the JIT and the empty store's warm-up: with three steps or more, compare from the second.
        var (first, last) = (steps.Count >= 3 ? steps[1] : steps[0], steps[^1]);
        double growth = last.CpuMs / first.CpuMs;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Open incidents at the end: {open} (expected {services}). CPU per 1,000 alerts at the last step / at the {(steps.Count >= 3 ? "second (after warm-up)" : "first")}: {growth:F2}x; load average {LoadAverage()}")).ConfigureAwait(false);
        var json = new Dictionary<string, object>
        {
            ["signals"] = signals,
            ["open_incidents"] = open,
            ["baseline_step_cpu_ms_per_1000"] = Math.Round(first.CpuMs, 1),
            ["last_step_cpu_ms_per_1000"] = Math.Round(last.CpuMs, 1),
            ["baseline_step_wall_ms_per_1000"] = Math.Round(first.WallMs, 1),
            ["last_step_wall_ms_per_1000"] = Math.Round(last.WallMs, 1),
            ["cpu_growth_ratio"] = Math.Round(growth, 2),
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(json)).ConfigureAwait(false);
        return open == services ? 0 : 1;
    }

    /// <summary>A firing alert of the one service, distinct in fingerprint and resource, 1 ms after the previous one.</summary>
    public static Signal Alert(int n, int services = 1)
    {
        var at = Start.AddMilliseconds(n);
        var pod = "pod-" + n.ToString(CultureInfo.InvariantCulture);
        var service = services == 1 ? "svc-growth" : "svc-" + (n % services).ToString(CultureInfo.InvariantCulture);
        return new Signal
        {
            Source = "alertmanager",
            Fingerprint = n.ToString("x16", CultureInfo.InvariantCulture),
            Name = "Alert" + (n % 50).ToString(CultureInfo.InvariantCulture),
            Severity = Severity.Critical,
            Resource = pod,
            Service = service,
            EventTime = at,
            StartsAt = at,
            Labels = LabelSet.From(("alertname", "Alert" + (n % 50).ToString(CultureInfo.InvariantCulture)), ("service", service), ("instance", pod)),
        };
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
