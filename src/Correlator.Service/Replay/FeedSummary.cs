namespace Correlator.Service.Replay;

/// <summary>What feeding an NDJSON stream did: lines read, signals stored, lines refused and why.</summary>
internal sealed class FeedSummary
{
    public const int MaxErrorsKept = 20;

    public long LinesSkipped { get; set; }

    public long Lines { get; set; }

    public long Signals { get; set; }

    public long Rejected { get; set; }

    public List<string> Errors { get; } = [];

    public void Reject(long line, string reason)
    {
        Rejected++;
        if (Errors.Count < MaxErrorsKept)
        {
            Errors.Add($"line {line}: {reason}");
        }
    }
}
