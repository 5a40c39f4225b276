using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Correlator.Ingestion;
using Correlator.Service.Composition;
using Correlator.Service.Pipeline;
using Correlator.Service.Replay;
using Correlator.Storage;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Cli;

/// <summary><c>correlator replay FILE</c>: a recorded stream through the same pipeline, by event time only.</summary>
internal static class ReplayCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (positional, settings, switches) = CommandLine.Parse(args, "--from-start");
        if (positional.Count != 1)
        {
            throw new UsageException(positional.Count == 0
                ? "replay needs a FILE: correlator replay FILE [--data DIR] [--from-start]"
                : $"replay takes one FILE, got {positional.Count}: {string.Join(", ", positional)}");
        }

        var path = Path.GetFullPath(positional[0]);
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"No such file: {path}").ConfigureAwait(false);
            return 2;
        }

        var fromStart = switches.Contains("--from-start");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
        });
        var opened = await CorrelatorServices.OpenStoreAsync(builder.Configuration, CancellationToken.None).ConfigureAwait(false);
        builder.Services.AddCorrelatorCore(builder.Configuration, opened);
        builder.Services.AddIngestionLimits(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        var store = host.Services.GetRequiredService<SqliteStore>();
        var pipeline = host.Services.GetRequiredService<SignalPipeline>();
        var input = "replay:" + path;
        var positions = await store.GetPositionsAsync(CancellationToken.None).ConfigureAwait(false);
        long skip = !fromStart && positions.TryGetValue(input, out var stored) ? long.Parse(stored, CultureInfo.InvariantCulture) : 0;

        var watch = Stopwatch.StartNew();
        FeedSummary summary;
        await using (var stream = File.OpenRead(path))
        {
            var bar = new ProgressBar(Console.Error, stream.Length);
            var feeder = new NdjsonFeeder(pipeline, host.Services.GetRequiredService<IOptions<IngestionLimits>>().Value);
            summary = await feeder.FeedAsync(stream, input, skip, null, (bytes, s) => bar.Report(bytes, s), CancellationToken.None).ConfigureAwait(false);
            bar.Done(summary);
        }

        watch.Stop();
        await host.StopAsync().ConfigureAwait(false);
        await PrintSummaryAsync(path, summary, pipeline, store, watch.Elapsed).ConfigureAwait(false);
        return 0;
    }

    private static async Task PrintSummaryAsync(string path, FeedSummary summary, SignalPipeline pipeline, SqliteStore store, TimeSpan elapsed)
    {
        var stats = pipeline.Stats;
        var rate = summary.Signals / Math.Max(elapsed.TotalSeconds, 1e-9);
        var o = Console.Out;
        await o.WriteLineAsync($"Replayed {path}").ConfigureAwait(false);
        if (summary.LinesSkipped > 0)
        {
            await o.WriteLineAsync($"  resumed after line {summary.LinesSkipped} (stored by an earlier replay; --from-start to read it all)").ConfigureAwait(false);
        }

        await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  lines {summary.Lines}, signals {summary.Signals}, rejected lines {summary.Rejected}, {elapsed.TotalSeconds:F2} s, {rate:F0} signals/s")).ConfigureAwait(false);
        foreach (var error in summary.Errors)
        {
            await o.WriteLineAsync("  rejected " + error).ConfigureAwait(false);
        }

        await o.WriteLineAsync($"  deduplicated {stats.Deduplicated}, redelivered (same event id) {stats.Redelivered}, attached to open incidents {stats.SignalsAttached}, stale {stats.Stale}, resolved without firing {stats.ResolvedUnknown}").ConfigureAwait(false);
        await o.WriteLineAsync($"  incidents opened {stats.IncidentsOpened}, resolved {stats.IncidentsResolved}, reopened {stats.IncidentsReopened}, closed {stats.IncidentsClosed}").ConfigureAwait(false);
        if (pipeline.Prediction is { } prediction)
        {
            var (scored, micros, predicted, confirmed) = prediction.Counters;
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  prediction: {scored} openings scored at {micros:F1} us each (features + score), {predicted} opened Predicted, {confirmed} confirmed by impact")).ConfigureAwait(false);
        }
        var page = await store.ListIncidentsAsync(new IncidentQuery { Limit = 10 }, CancellationToken.None).ConfigureAwait(false);
        await o.WriteLineAsync($"Latest incidents ({page.Total} in the store):").ConfigureAwait(false);
        foreach (var item in page.Items)
        {
            var i = item.Incident;
            await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  #{i.Id,-5} {i.Priority} {i.State,-10} {item.SignalCount,4} signals  {i.Title}")).ConfigureAwait(false);
        }

        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["lines"] = summary.Lines,
            ["signals"] = summary.Signals,
            ["rejected"] = summary.Rejected,
            ["signals_per_s"] = Math.Round(rate),
            ["incidents_opened"] = stats.IncidentsOpened,
        });
        await o.WriteLineAsync(json).ConfigureAwait(false);
    }
}
