using System.Threading.Channels;
using Correlator.Domain;
using Correlator.Kafka;
using Correlator.Service.Pipeline;
using Correlator.Storage;

namespace Correlator.Service.Kafka;

/// <summary>Hands a Kafka partition's signals to the correlation loop and waits until they and the partition's offset are committed.</summary>
internal sealed class PipelineSignalSink(SignalPipeline pipeline, SqliteStore store) : ISignalSink
{
    public Task<IReadOnlyDictionary<string, string>> GetPositionsAsync(CancellationToken cancellationToken) => store.GetPositionsAsync(cancellationToken);

    public async Task SubmitAsync(IReadOnlyList<Signal> signals, string input, string position, CancellationToken cancellationToken)
    {
        if (!pipeline.IsRunning)
        {
            throw new SinkStoppedException("The correlation loop is not running.");
        }

        var item = new PipelineItem(signals, input, position);
        try
        {
            // Waits for room rather than failing: back-pressure on the consumer, not a rejection.
            await pipeline.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException error)
        {
            throw new SinkStoppedException("The correlation loop has stopped.", error);
        }

        try
        {
            await item.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException error)
        {
            throw new SinkStoppedException("The correlation loop stopped before the batch was stored.", error);
        }
    }
}
