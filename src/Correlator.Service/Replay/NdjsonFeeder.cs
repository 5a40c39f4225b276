using System.Globalization;
using System.Text;
using Correlator.Domain;
using Correlator.Ingestion;
using Correlator.Service.Pipeline;

namespace Correlator.Service.Replay;

/// <summary>
/// Feeds an NDJSON stream through the pipeline in chunks, each chunk carrying the line number it
/// reaches as the input's position, so an interrupted feed resumes after the last stored chunk.
/// </summary>
internal sealed class NdjsonFeeder(SignalPipeline pipeline, IngestionLimits limits)
{
    private const int ChunkSignals = 1000;
    private const int MaxInFlight = 32;

    /// <param name="transform">Applied to every parsed signal (the demo shifts times with it).</param>
    /// <param name="progress">Called after every chunk with the bytes read so far.</param>
    public async Task<FeedSummary> FeedAsync(
        Stream stream,
        string input,
        long skipLines,
        Func<Signal, Signal>? transform,
        Action<long, FeedSummary>? progress,
        CancellationToken cancellationToken)
    {
        var parser = new NdjsonLineParser(limits);
        var summary = new FeedSummary();
        var chunk = new List<Signal>(ChunkSignals);
        var inFlight = new Queue<PipelineItem>();
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        long lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (lineNumber <= skipLines)
            {
                summary.LinesSkipped++;
                continue;
            }

            summary.Lines++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parsed = parser.ParseLine(Encoding.UTF8.GetBytes(line), ParseContext.None);
            if (!parsed.IsValid)
            {
                summary.Reject(lineNumber, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}")));
            }
            else
            {
                foreach (var signal in parsed.Signals)
                {
                    chunk.Add(transform is null ? signal : transform(signal));
                }
            }

            if (chunk.Count >= ChunkSignals)
            {
                await SendAsync(chunk, input, lineNumber, inFlight, summary, cancellationToken).ConfigureAwait(false);
                progress?.Invoke(stream.CanSeek ? stream.Position : 0, summary);
            }
        }

        await SendAsync(chunk, input, lineNumber, inFlight, summary, cancellationToken).ConfigureAwait(false);
        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue().Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        progress?.Invoke(stream.CanSeek ? stream.Position : 0, summary);
        return summary;
    }

    private async Task SendAsync(List<Signal> chunk, string input, long lineNumber, Queue<PipelineItem> inFlight, FeedSummary summary, CancellationToken cancellationToken)
    {
        var item = new PipelineItem([.. chunk], input, lineNumber.ToString(CultureInfo.InvariantCulture));
        summary.Signals += chunk.Count;
        chunk.Clear();
        await pipeline.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        inFlight.Enqueue(item);
        while (inFlight.Count > MaxInFlight || (inFlight.Count > 0 && inFlight.Peek().Completion.IsCompleted))
        {
            await inFlight.Dequeue().Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
