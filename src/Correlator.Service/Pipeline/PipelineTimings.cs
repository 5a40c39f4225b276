namespace Correlator.Service.Pipeline;

/// <summary>
/// Where ingestion time goes, summed since start: parsing on the request threads, correlating and committing on
/// the loop. Read by <c>bench ingest</c> to say where the time of a run went; costs two timestamps per stage.
/// </summary>
internal sealed class PipelineTimings(TimeProvider clock)
{
    private long _parseTicks;
    private long _correlateTicks;
    private long _commitTicks;
    private long _committedSignals;

    public long Timestamp() => clock.GetTimestamp();

    public void AddParse(long started) => Interlocked.Add(ref _parseTicks, clock.GetTimestamp() - started);

    public void AddCorrelate(long started) => Interlocked.Add(ref _correlateTicks, clock.GetTimestamp() - started);

    public void AddCommit(long started, int signals)
    {
        Interlocked.Add(ref _commitTicks, clock.GetTimestamp() - started);
        Interlocked.Add(ref _committedSignals, signals);
    }

    public TimeSpan Parse => Span(ref _parseTicks);

    public TimeSpan Correlate => Span(ref _correlateTicks);

    public TimeSpan Commit => Span(ref _commitTicks);

    /// <summary>Signals in the batches committed so far.</summary>
    public long CommittedSignals => Interlocked.Read(ref _committedSignals);

    private TimeSpan Span(ref long ticks) => TimeSpan.FromSeconds(Interlocked.Read(ref ticks) / (double)clock.TimestampFrequency);
}
