namespace Correlator.Correlation.Rules;

/// <summary>Rule or topology files that cannot be used, with every problem found (file, line, key).</summary>
public sealed class RuleFileException : Exception
{
    public RuleFileException(IReadOnlyList<RuleError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public RuleFileException()
        : this([])
    {
    }

    public RuleFileException(string message)
        : this([new RuleError("?", 0, "?", message)])
    {
    }

    public RuleFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new RuleError("?", 0, "?", message)];
    }

    public IReadOnlyList<RuleError> Errors { get; }
}
