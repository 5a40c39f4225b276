using System.Threading.Channels;
using Correlator.Domain;
using Correlator.Kafka;
using Correlator.Service.Metrics;
using Correlator.Service.Pipeline;
using Correlator.Storage;

namespace Correlator.Service.Kafka;

/// <summary>
/// Hands a Kafka partition's signals to the correlation loop — and its metric samples to the detector bank
/// that <c>/write</c> feeds, whose signals go the same way — and waits until they and the partition's offset
/// are committed.
/// </summary>
internal sealed class PipelineSignalSink(SignalPipeline pipeline, MetricPath metrics, SqliteStore store) : ISignalSink
{
    public Task<IReadOnlyDictionary<string, string>> GetPositionsAsync(CancellationToken cancellationToken) => store.GetPositionsAsync(cancellationToken);

    public async Task SubmitAsync(IReadOnlyList<Signal> signals, IReadOnlyList<MetricSample> samples, string input, string position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(samples);
        if (!pipeline.IsRunning)
        {
            throw new SinkStoppedException("The correlation loop is not running.");
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
                    return;
                }
            }

            var item = new PipelineItem(signals, input, position);

            // Waits for room rather than failing: back-pressure on the consumer, not a rejection.
            await pipeline.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
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
