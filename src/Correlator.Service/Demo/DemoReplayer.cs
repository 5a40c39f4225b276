using System.Text;
using Correlator.Domain;
using Correlator.Ingestion;
using Correlator.Service.Pipeline;
using Correlator.Service.Replay;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Demo;

/// <summary>
/// With <c>--demo</c>: replays the bundled alert storm once per data folder, shifted so that its last
/// event happens now, so a first run shows real incidents in every state.
/// </summary>
internal sealed partial class DemoReplayer(
    SignalPipeline pipeline,
    SqliteStore store,
    TimeProvider clock,
    IOptions<IngestionLimits> limits,
    ILogger<DemoReplayer> logger) : BackgroundService
{
    public const string Input = "demo";
    public const string ResourceName = "Correlator.Service.Demo.demo-stream.ndjson";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var positions = await store.GetPositionsAsync(stoppingToken).ConfigureAwait(false);
        if (positions.ContainsKey(Input))
        {
            LogAlreadyReplayed();
            return;
        }

        var bytes = await ReadResourceAsync(stoppingToken).ConfigureAwait(false);
        var shift = clock.GetUtcNow() - LastEventTime(bytes, limits.Value);
        var feeder = new NdjsonFeeder(pipeline, limits.Value);
        using var stream = new MemoryStream(bytes, writable: false);
        var summary = await feeder.FeedAsync(stream, Input, 0, s => Shift(s, shift), null, stoppingToken).ConfigureAwait(false);
        LogReplayed(summary.Lines, summary.Signals, pipeline.Stats.IncidentsOpened);
    }

    private static Signal Shift(Signal signal, TimeSpan shift) => signal with
    {
        EventTime = signal.EventTime + shift,
        StartsAt = signal.StartsAt + shift,
        EndsAt = signal.EndsAt + shift,
    };

    private static DateTimeOffset LastEventTime(byte[] ndjson, IngestionLimits limits)
    {
        var parser = new NdjsonLineParser(limits);
        var last = DateTimeOffset.MinValue;
        foreach (var line in Encoding.UTF8.GetString(ndjson).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var signal in parser.ParseLine(Encoding.UTF8.GetBytes(line), ParseContext.None).Signals)
            {
                last = signal.EventTime > last ? signal.EventTime : last;
            }
        }

        return last;
    }

    private static async Task<byte[]> ReadResourceAsync(CancellationToken cancellationToken)
    {
        using var resource = typeof(DemoReplayer).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The demo stream {ResourceName} is not embedded in the executable.");
        using var copy = new MemoryStream();
        await resource.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return copy.ToArray();
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Demo stream already replayed into this data folder; delete the folder to see it again")]
    private partial void LogAlreadyReplayed();

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Demo stream replayed: {Lines} lines, {Signals} signals, {Incidents} incidents opened. Try GET /api/incidents")]
    private partial void LogReplayed(long lines, long signals, long incidents);
}
