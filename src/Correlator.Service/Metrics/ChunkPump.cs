using System.Threading.Channels;
using Correlator.Domain;
using Correlator.Ingestion.Influx;

namespace Correlator.Service.Metrics;

/// <summary>
/// Overlaps reading with scoring: one task reads InfluxDB's chunked answer and turns each chunk into samples,
/// another scores them, with a bounded channel of <c>capacity</c> chunks between the two. So influxd keeps
/// streaming while the detector bank works, and a slow consumer holds the reader back (it waits for room;
/// nothing queues without bound). Used by the poller and by <c>bench influx</c>, so the bench measures this path.
/// </summary>
internal static class ChunkPump
{
    /// <summary>
    /// Reads every chunk of <paramref name="chunks"/>, hands its samples to <paramref name="consume"/> in order,
    /// and returns how many samples were consumed. A reader failure surfaces after the chunks read before it
    /// were consumed; a consumer failure stops the reader.
    /// </summary>
    public static async Task<long> RunAsync(
        IAsyncEnumerable<InfluxSeries> chunks, int capacity, Func<List<MetricSample>, ValueTask> consume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(consume);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var channel = Channel.CreateBounded<List<MetricSample>>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(() => ReadAsync(chunks, channel.Writer, stop.Token), CancellationToken.None);
        long consumed = 0;
        try
        {
            await foreach (var samples in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await consume(samples).ConfigureAwait(false);
                consumed += samples.Count;
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The reader stopped because the consumer failed: the consumer's error is the one to report.
            }

            throw;
        }

        await reader.ConfigureAwait(false);
        return consumed;
    }

    private static async Task ReadAsync(IAsyncEnumerable<InfluxSeries> chunks, ChannelWriter<List<MetricSample>> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var samples = new List<MetricSample>(chunk.Rows.Count * Math.Max(chunk.Columns.Count - 1, 1));
                InfluxQuery.AddSamples(chunk, samples);
                if (samples.Count > 0)
                {
                    await writer.WriteAsync(samples, cancellationToken).ConfigureAwait(false);
                }
            }

            writer.Complete();
        }
        catch (Exception error)
        {
            writer.Complete(error);
            throw;
        }
    }
}
