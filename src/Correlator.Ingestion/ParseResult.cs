using Correlator.Domain;

namespace Correlator.Ingestion;

/// <summary>The outcome of parsing one payload: either signals, or the errors that rejected it (never both).</summary>
public sealed class ParseResult
{
    /// <summary>At most this many errors are reported; the last one then says that more were found.</summary>
    public const int MaxErrors = 100;

    private ParseResult(IReadOnlyList<Signal> signals, IReadOnlyList<IngestError> errors)
    {
        Signals = signals;
        Errors = errors;
    }

    /// <summary>A valid payload that carries no signals, e.g. an empty batch.</summary>
    public static ParseResult Empty { get; } = new([], []);

    public IReadOnlyList<Signal> Signals { get; }

    public IReadOnlyList<IngestError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    public static ParseResult Success(IReadOnlyList<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return signals.Count == 0 ? Empty : new ParseResult(signals, []);
    }

    public static ParseResult Failure(IReadOnlyList<IngestError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed parse needs at least one error.", nameof(errors));
        }

        if (errors.Count > MaxErrors)
        {
            throw new ArgumentException($"At most {MaxErrors} errors are reported.", nameof(errors));
        }

        return new ParseResult([], errors);
    }

    public static ParseResult Failure(string field, string message) => Failure([new IngestError(field, message)]);
}
