namespace Correlator.Correlation.Rules;

/// <summary>One problem in a rule file: the file, the line, the key path (e.g. <c>grouping[0].window</c>) and what is wrong.</summary>
public sealed record RuleError(string File, int Line, string Key, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Key}: {Message}";
}
