using Correlator.Domain;
using Microsoft.Extensions.Logging;
using Polly;

namespace Correlator.Publishing;

/// <summary>
/// Drains one target's outbox: claims the head row of each stream (so an incident's effects go out in order
/// and a parked row holds back only its own incident), delivers up to <see cref="PublisherOptions.MaxConcurrency"/>
/// at once through the resilience pipeline, then records the outcome: delivered (with the external reference),
/// parked on a permanent error (with the target's text), or left pending until a later attempt.
/// </summary>
public sealed partial class OutboxPublisher
{
    private readonly IOutboxStore _store;
    private readonly IConnector _connector;
    private readonly PublisherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;

    public OutboxPublisher(IOutboxStore store, IConnector connector, PublisherOptions options, TimeProvider time, ILogger logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _connector = connector ?? throw new ArgumentNullException(nameof(connector));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _pipeline = PublisherPipeline.Build(options, time, Stats);
    }

    public string Target => _connector.Target;

    public PublisherStats Stats { get; } = new();

    /// <summary>Runs until cancelled; a failing store is logged and retried after the poll interval.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            int claimed = 0;
            try
            {
                claimed = await DrainOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogLoopFailed(Target, error.Message, error);
            }

            if (claimed == 0)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims and delivers one batch; returns how many rows it claimed (0: nothing was due).</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var rows = await _store.ClaimOutboxAsync(Target, _options.BatchSize, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return 0;
        }

        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            DeliverAsync).ConfigureAwait(false);
        return rows.Count;
    }

    private async ValueTask DeliverAsync(OutboxEntry row, CancellationToken cancellationToken)
    {
        var delivery = new Delivery(row, _store);
        try
        {
            var externalRef = await _pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    state.Delivery.Calls++;
                    return await state.Connector.PublishAsync(state.Delivery, ct).ConfigureAwait(false);
                },
                (Delivery: delivery, Connector: _connector),
                cancellationToken).ConfigureAwait(false);
            await _store.CompleteOutboxAsync(row.Id, externalRef, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            Stats.OnDelivered();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error) when (error is PublishException { IsPermanent: true } or FormatException)
        {
            await _store.ParkOutboxAsync(row.Id, error.Message, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            Stats.OnParked(error.Message);
            LogParked(Target, row.Id, row.Effect.Kind, row.Effect.Stream, error.Message);
        }
        catch (Exception error)
        {
            // Transient failures, and anything unexpected from a connector: the row stays pending and its stream
            // waits, so one bad row cannot spin the loop.
            var wait = error is PublishException { RetryAfter: { } retryAfter } && retryAfter > _options.DeferAfterFailure ? retryAfter : _options.DeferAfterFailure;
            var text = error.Message;
            await _store.DeferOutboxAsync(row.Id, text, _time.GetUtcNow() + wait, cancellationToken).ConfigureAwait(false);
            Stats.OnDeferred(text);
            LogDeferred(Target, row.Id, row.Effect.Stream, wait, text);
        }
    }

    [LoggerMessage(EventId = 7000, Level = LogLevel.Warning, Message = "Publisher {Target} parked outbox row {Id} ({Kind} of {Stream}): {Error}")]
    private partial void LogParked(string target, long id, string kind, string stream, string error);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Publisher {Target} deferred outbox row {Id} of {Stream} by {Wait}: {Error}")]
    private partial void LogDeferred(string target, long id, string stream, TimeSpan wait, string error);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Publisher {Target} could not read or update the outbox: {Error}")]
    private partial void LogLoopFailed(string target, string error, Exception exception);
}
