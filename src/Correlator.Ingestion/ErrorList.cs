namespace Correlator.Ingestion;

/// <summary>
/// Collects the errors of one payload, capped at <see cref="ParseResult.MaxErrors"/> so that a payload of
/// 10,000 bad alerts yields a readable answer instead of a second payload.
/// </summary>
internal sealed class ErrorList
{
    private readonly List<IngestError> _errors = [];

    /// <summary>Every error found, including those beyond the cap; compare before and after to see whether a part failed.</summary>
    public int Total { get; private set; }

    public bool HasErrors => Total > 0;

    /// <summary>True once the cap is reached: parsers may stop looking.</summary>
    public bool IsFull => Total > ParseResult.MaxErrors;

    public void Add(string field, string message)
    {
        Total++;
        if (_errors.Count < ParseResult.MaxErrors)
        {
            _errors.Add(new IngestError(field, message));
        }
        else if (Total == ParseResult.MaxErrors + 1)
        {
            _errors[^1] = new IngestError("$", $"more errors were found; only the first {ParseResult.MaxErrors - 1} are listed");
        }
    }

    public ParseResult ToFailure() => ParseResult.Failure(_errors.ToArray());
}
