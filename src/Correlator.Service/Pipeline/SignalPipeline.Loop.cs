using System.Threading.Channels;
using Correlator.Domain;

namespace Correlator.Service.Pipeline;

internal sealed partial class SignalPipeline
{
    /// <summary>
    /// Correlates a batch while the previous one commits (two change sets take turns), so correlation and the
    /// SQLite writes run on two cores instead of one after the other. Commits stay in order and a batch's
    /// senders are answered only once it is durable. When a commit fails, the batch correlated behind it rests
    /// on changes that never became durable: both are failed and the engine is rebuilt from the store.
    /// </summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var next = new Batch();
        Batch? committing = null;
        var reader = _queue.Reader;

        // One wait for input at a time, kept across iterations: it may outlive the commit it raced against.
        Task<bool>? arrival = null;
        try
        {
            while (true)
            {
                if (committing is not null && !reader.TryPeek(out _))
                {
                    // Whichever comes first: the commit in flight ends (its senders are answered at once), or more
                    // work arrives (it is correlated while the commit runs). Finishing the commit first whenever the
                    // queue was empty put correlation and commit one after the other whenever a producer hands over
                    // one batch at a time, as the Kafka consumer does.
                    arrival ??= reader.WaitToReadAsync(cancellationToken).AsTask();
                    if (!arrival.IsCompleted)
                    {
                        await Task.WhenAny(committing.Commit ?? Task.CompletedTask, arrival).ConfigureAwait(false);
                    }

                    if (!arrival.IsCompletedSuccessfully || !arrival.Result)
                    {
                        // Nothing arrived (or the queue is complete, or shutdown): answer the batch in flight.
                        await FinishAsync(committing, failedBehind: null, cancellationToken).ConfigureAwait(false);
                        committing.Clear();
                        (next, committing) = (committing, null);
                        continue;
                    }

                    arrival = null;
                }

                if (committing is null)
                {
                    arrival ??= reader.WaitToReadAsync(cancellationToken).AsTask();
                    bool more = await arrival.ConfigureAwait(false);
                    arrival = null;
                    if (!more)
                    {
                        break;
                    }
                }

                next.Signals = await GatherAsync(reader, next.Items, cancellationToken).ConfigureAwait(false);
                Correlate(next, 0);
                if (committing is not null)
                {
                    bool stored = await FinishAsync(committing, failedBehind: next, cancellationToken).ConfigureAwait(false);
                    committing.Clear();
                    if (!stored)
                    {
                        (next, committing) = (committing, null);
                        continue;
                    }

                    (next, committing) = (committing, next);

                    // What arrived while the previous batch committed joins this one: fewer, larger commits.
                    int from = committing.Items.Count;
                    while (committing.Signals < _options.MaxBatchSignals && reader.TryRead(out var late))
                    {
                        committing.Items.Add(late);
                        committing.Signals += late.Signals.Count;
                    }

                    Correlate(committing, from);
                }
                else
                {
                    (next, committing) = (new Batch(), next);
                }

                committing.Commit = CommitAsync(committing, cancellationToken);
                if (!_options.OverlapCommit)
                {
                    await FinishAsync(committing, failedBehind: null, cancellationToken).ConfigureAwait(false);
                    committing.Clear();
                    (next, committing) = (committing, null);
                }
            }

            if (committing is not null)
            {
                await FinishAsync(committing, failedBehind: null, cancellationToken).ConfigureAwait(false);
                committing.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down without draining: the queued requests were never acknowledged, so nothing acknowledged is lost.
        }
        catch (Exception error)
        {
            // The store cannot even be read back: stop taking work (ingestion answers 503, /health 503).
            LogLoopFailed(error);
        }
        finally
        {
            // Whatever ended the loop, nothing may wait on a queue nobody reads any more.
            _queue.Writer.TryComplete();
            var abandoned = new ObjectDisposedException(nameof(SignalPipeline), "The pipeline stopped before this request was stored.");
            if (committing?.Commit is { } inFlight)
            {
                // Let a commit in flight end before the store may be closed under it; its senders learn the outcome.
                await inFlight.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                foreach (var item in committing.Items)
                {
                    if (inFlight.IsCompletedSuccessfully)
                    {
                        item.Complete();
                    }
                    else
                    {
                        item.Fail(abandoned);
                    }
                }
            }

            foreach (var item in next.Items)
            {
                item.Fail(abandoned);
            }

            while (reader.TryRead(out var item))
            {
                item.Fail(abandoned);
            }
        }
    }

    /// <summary>
    /// Takes what is queued into the batch and, while the batch is not full, waits up to the commit linger
    /// (counted from the first item) for more, so that concurrent senders share one commit.
    /// </summary>
    private async Task<int> GatherAsync(ChannelReader<PipelineItem> reader, List<PipelineItem> batch, CancellationToken cancellationToken)
    {
        int signals = 0;
        long started = _clock.GetTimestamp();
        while (true)
        {
            while (signals < _options.MaxBatchSignals && reader.TryRead(out var item))
            {
                batch.Add(item);
                signals += item.Signals.Count;
            }

            var left = _options.CommitLinger - _clock.GetElapsedTime(started);
            if (signals >= _options.MaxBatchSignals || left <= TimeSpan.Zero)
            {
                return signals;
            }

            using var timeout = new CancellationTokenSource(left, _clock);
            using var linger = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                if (!await reader.WaitToReadAsync(linger.Token).ConfigureAwait(false))
                {
                    return signals;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return signals;
            }
        }
    }

    /// <summary>Runs the batch's items from <paramref name="from"/> on through the engine, into the batch's change set.</summary>
    private void Correlate(Batch batch, int from)
    {
        if (from >= batch.Items.Count)
        {
            return;
        }

        var engine = _engine ?? throw new InvalidOperationException("The pipeline was not started.");
        var started = Timings.Timestamp();
        ApplyReloadedRules(engine);
        var changes = batch.Changes;
        for (int i = from; i < batch.Items.Count; i++)
        {
            var item = batch.Items[i];
            if (item.Precondition?.Invoke() is { } refused)
            {
                item.Fail(refused);
                continue;
            }

            if (item.AdvanceTo is { } time)
            {
                engine.AdvanceTo(time, changes);
            }

            foreach (var signal in item.Signals)
            {
                engine.Process(signal, changes);
                _prediction?.Observe(signal, engine.IncidentOf(signal.Fingerprint));
            }

            if (item.Revision is { } revise)
            {
                try
                {
                    revise(engine, changes);
                }
                catch (Exception error) when (error is InvalidOperationException or KeyNotFoundException)
                {
                    item.RevisionError = error;
                }
            }

            if (item.Input is not null && item.Position is not null)
            {
                changes.SetPosition(item.Input, item.Position);
            }
        }

        _prediction?.Decide(engine, changes, batch.Predictions);
        batch.Watermark = engine.Watermark;
        Timings.AddCorrelate(started);
    }

    /// <summary>Writes a correlated batch on a pool thread, so the loop can correlate the next one meanwhile.</summary>
    private Task CommitAsync(Batch batch, CancellationToken cancellationToken) => Task.Run(
        async () =>
        {
            var started = Timings.Timestamp();
            // The prediction rows go in the batch's own transaction: a Predicted incident is never stored without its prediction.
            if (!batch.Changes.IsEmpty || batch.Changes.Watermark is not null || batch.Predictions.Count > 0)
            {
                await _store.CommitAsync(batch.Changes, batch.Predictions, cancellationToken).ConfigureAwait(false);
            }

            Timings.AddCommit(started, batch.Signals);
        },
        CancellationToken.None);

    /// <summary>
    /// Waits for the batch's commit and answers its senders. On failure also fails <paramref name="failedBehind"/>
    /// (correlated on top of the lost changes) and rebuilds the engine from the store; returns whether it was stored.
    /// </summary>
    private async Task<bool> FinishAsync(Batch batch, Batch? failedBehind, CancellationToken cancellationToken)
    {
        try
        {
            await (batch.Commit ?? Task.CompletedTask).ConfigureAwait(false);
            Interlocked.Add(ref _queuedSignals, -batch.Signals);
            Interlocked.Increment(ref _batches);
            Interlocked.Exchange(ref _watermarkTicks, batch.Watermark?.UtcTicks ?? 0);
            NotifyCommitted(batch.Changes);
            foreach (var item in batch.Items)
            {
                item.Complete();
            }

            return true;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The engine moved ahead of the store: rebuild it from what is durable, and tell every sender.
            LogCommitFailed(error, batch.Items.Count + (failedBehind?.Items.Count ?? 0));
            Interlocked.Add(ref _queuedSignals, -batch.Signals);
            foreach (var item in batch.Items)
            {
                item.Fail(error);
            }

            if (failedBehind is not null)
            {
                Interlocked.Add(ref _queuedSignals, -failedBehind.Signals);
                foreach (var item in failedBehind.Items)
                {
                    item.Fail(error);
                }

                failedBehind.Clear();
            }

            _engine = await LoadEngineAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private void NotifyCommitted(ChangeSet changes)
    {
        try
        {
            Committed?.Invoke(changes);
        }
        catch (Exception error)
        {
            LogObserverFailed(error);
        }
    }

    /// <summary>The requests of one batch, what correlating them changed, and its commit once started.</summary>
    private sealed class Batch
    {
        public List<PipelineItem> Items { get; } = [];

        public ChangeSet Changes { get; } = new();

        public int Signals { get; set; }

        public DateTimeOffset? Watermark { get; set; }

        public Task? Commit { get; set; }

        public List<Storage.PredictionRecord> Predictions { get; } = [];

        public void Clear()
        {
            Predictions.Clear();
            Items.Clear();
            Changes.Clear();
            Signals = 0;
            Watermark = null;
            Commit = null;
        }
    }
}
