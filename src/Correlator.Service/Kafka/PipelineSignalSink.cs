using System.Threading.Channels;
using Correlator.Kafka;
using Correlator.Service.Metrics;
using Correlator.Service.Pipeline;
using Correlator.Storage;

namespace Correlator.Service.Kafka;

/// <summary>
/// Hands a Kafka partition's signals to the correlation loop — and its metric samples to the detector bank
/// that <c>/write</c> feeds, whose signals go the same way — and waits until they and the partition's offset
/// are committed. Several batches of a partition may be in flight: the loop's queue keeps them in order, and an
/// item whose previous batch failed is refused on the loop before it is correlated, so the store never holds a
/// batch of a partition without the one before it.
/// </summary>
internal sealed class PipelineSignalSink(SignalPipeline pipeline, MetricPath metrics, SqliteStore store) : ISignalSink
{
    public Task<IReadOnlyDictionary<string, string>> GetPositionsAsync(CancellationToken cancellationToken) => store.GetPositionsAsync(cancellationToken);

    public async Task SubmitAsync(SinkSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var link = submission.Link;
        try
        {
            await SubmitCoreAsync(submission, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            link.MarkFailed();
            throw;
        }
    }

    private async Task SubmitCoreAsync(SinkSubmission submission, CancellationToken cancellationToken)
    {
        var (signals, samples, input, position, link, after) =
            (submission.Signals, submission.Samples, submission.Input, submission.Position, submission.Link, submission.After);
        if (!pipeline.IsRunning)
        {
            throw new SinkStoppedException("The correlation loop is not running.");
        }

        if (after is not null && (samples.Count > 0 || !after.IsQueued))
        {
            // The metric path and a predecessor not yet in the loop's queue keep no order with this one: wait for it.
            await after.WaitDurableAsync(cancellationToken).ConfigureAwait(false);
            after = null;
        }

        try
        {
            if (samples.Count > 0)
            {
                // With no alerts beside them (a metric topic), the samples' item carries the position; otherwise the
                // alerts' item, committed after it, does.
                bool last = signals.Count == 0;
                await metrics.SubmitAsync(samples, last ? input : null, last ? position : null, cancellationToken).ConfigureAwait(false);
                if (last)
                {
                    link.MarkDurable();
                    return;
                }
            }

            var item = new PipelineItem(signals, input, position)
            {
                // Queued behind its predecessor, this item is correlated in the same batch or the one after: if the
                // predecessor failed by then, so must this one (it would otherwise be durable alone).
                Precondition = after is null ? null : () => after.IsFailed ? new PredecessorFailedException() : null,
                Settled = durable =>
                {
                    if (durable)
                    {
                        link.MarkDurable();
                    }
                    else
                    {
                        link.MarkFailed();
                    }
                },
            };

            // Waits for room rather than failing: back-pressure on the consumer, not a rejection.
            await pipeline.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
            link.MarkQueued();
            await item.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException error)
        {
            throw new SinkStoppedException("The correlation loop has stopped.", error);
        }
        catch (ObjectDisposedException error)
        {
            throw new SinkStoppedException("The correlation loop stopped before the batch was stored.", error);
        }
    }
}
