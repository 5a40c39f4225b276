using System.Globalization;
using Correlator.Domain;
using Correlator.Ingestion.Influx;
using Correlator.Ingestion.LineProtocol;
using Correlator.Service.Http;
using Correlator.Storage;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Correlator.Service.Metrics;

/// <summary>
/// Reads each watch set from InfluxDB on its interval, window after window: a window ends at most
/// <see cref="WatchSet.MaxChunk"/> after the cursor and never later than now - <see cref="WatchSet.Lag"/>,
/// so points up to Lag late are still read once, and a catch-up after downtime runs in bounded windows.
/// A window's samples go through the detector bank, and its end is stored as the watch set's position in
/// the same transaction as the signals it raised (the store's <c>positions</c> table): after a restart the
/// poller resumes exactly after the last stored window, with no gap and no repeat. While InfluxDB cannot be
/// reached, it retries with exponential backoff and jitter (Polly) and reports the source degraded.
/// </summary>
internal sealed partial class InfluxPoller(
    IOptions<PollerOptions> options, InfluxClient client, MetricPath path, SqliteStore store, SourceHealth health, TimeProvider clock, ILogger<InfluxPoller> logger)
    : BackgroundService
{
    /// <summary>The position key of a watch set in the store.</summary>
    public static string InputOf(WatchSet set) => "influx:" + set.Name;

    public long WindowsRead => Interlocked.Read(ref _windows);

    public long SamplesRead => Interlocked.Read(ref _samples);

    private long _windows;
    private long _samples;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sets = options.Value.WatchSets;
        if (sets.Count == 0)
        {
            return;
        }

        var positions = await store.GetPositionsAsync(stoppingToken).ConfigureAwait(false);
        await Task.WhenAll(sets.Select(set => RunAsync(set, positions, stoppingToken))).ConfigureAwait(false);
    }

    private async Task RunAsync(WatchSet set, IReadOnlyDictionary<string, string> positions, CancellationToken stoppingToken)
    {
        var source = InputOf(set);
        var cursor = positions.TryGetValue(source, out var stored)
            ? DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : clock.GetUtcNow() - set.InitialLookback;
        var retry = BuildRetry(source);
        while (!stoppingToken.IsCancellationRequested)
        {
            var target = clock.GetUtcNow() - set.Lag;
            if (cursor >= target)
            {
                await Task.Delay(set.Interval, clock, stoppingToken).ConfigureAwait(false);
                continue;
            }

            var upTo = target - cursor > set.MaxChunk ? cursor + set.MaxChunk : target;
            try
            {
                var read = await ReadWindowAsync(set, cursor, upTo, source, retry, stoppingToken).ConfigureAwait(false);
                Interlocked.Increment(ref _windows);
                Interlocked.Add(ref _samples, read);
                cursor = upTo;
                health.Up(source, clock.GetUtcNow());
            }
            catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Not worth a fast retry (a bad query, a missing database) or not stored: say so, wait, try again.
                health.Down(source, error.Message);
                LogPollFailed(error, source);
                await Task.Delay(set.Interval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Reads one window, scoring each chunk while the next is read (<see cref="ChunkPump"/>), then queues the
    /// window's signals with its end as the stored position and waits until they are durable. A read retried
    /// after a failure starts the window again; the bank ignores the samples it has already scored (it takes
    /// only samples newer than a series' last), so the window's signals are raised once.
    /// </summary>
    private async Task<long> ReadWindowAsync(
        WatchSet set, DateTimeOffset after, DateTimeOffset upTo, string source, ResiliencePipeline retry, CancellationToken cancellationToken)
    {
        var signals = new List<Signal>();
        var query = InfluxQuery.Select(set, after, upTo);
        long read = await retry.ExecuteAsync(
            async ct => await ChunkPump.RunAsync(
                client.QueryAsync(set.Database, query, LineProtocolPrecision.Nanoseconds, set.ChunkSize, ct),
                set.PrefetchChunks,
                samples => path.ScoreAsync(samples, signals, ct),
                ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        await path.EnqueueAsync(signals, source, upTo.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        return read;
    }

    private ResiliencePipeline BuildRetry(string source)
    {
        var settings = options.Value;
        return new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>()
                    .Handle<InfluxException>(e => e.IsTransient),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
                MaxDelay = settings.RetryMaxDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    health.Down(source, args.Outcome.Exception?.Message ?? "unknown error");
                    LogRetrying(source, args.AttemptNumber, args.RetryDelay, args.Outcome.Exception?.Message);
                    return default;
                },
            })
            .Build();
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "InfluxDB watch set {Source}: attempt {Attempt} failed, retrying in {Delay}: {Error}")]
    private partial void LogRetrying(string source, int attempt, TimeSpan delay, string? error);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "InfluxDB watch set {Source}: the poll failed; trying again after the interval")]
    private partial void LogPollFailed(Exception error, string source);
}
