using System.Threading.Channels;
using Correlator.Domain;

namespace Correlator.Service.Pipeline;

internal sealed partial class SignalPipeline
{
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<PipelineItem>();
        var changes = new ChangeSet();
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                int signals = await GatherAsync(reader, batch, cancellationToken).ConfigureAwait(false);

                await ProcessAsync(batch, changes, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _queuedSignals, -signals);
                batch.Clear();
                changes.Clear();
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
            foreach (var item in batch)
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

    private async Task ProcessAsync(List<PipelineItem> batch, ChangeSet changes, CancellationToken cancellationToken)
    {
        var engine = _engine ?? throw new InvalidOperationException("The pipeline was not started.");
        ApplyReloadedRules(engine);
        foreach (var item in batch)
        {
            if (item.AdvanceTo is { } time)
            {
                engine.AdvanceTo(time, changes);
            }

            foreach (var signal in item.Signals)
            {
                engine.Process(signal, changes);
            }

            if (item.Input is not null && item.Position is not null)
            {
                changes.SetPosition(item.Input, item.Position);
            }
        }

        try
        {
            if (!changes.IsEmpty || changes.Watermark is not null)
            {
                await _store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _batches);
            Interlocked.Exchange(ref _watermarkTicks, engine.Watermark?.UtcTicks ?? 0);
            NotifyCommitted(changes);
            foreach (var item in batch)
            {
                item.Complete();
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The engine moved ahead of the store: rebuild it from what is durable, and tell every sender.
            LogCommitFailed(error, batch.Count);
            foreach (var item in batch)
            {
                item.Fail(error);
            }

            _engine = await LoadEngineAsync(cancellationToken).ConfigureAwait(false);
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
}
