using System.Text.RegularExpressions;
using Correlator.Domain;

namespace Correlator.Correlation.Rules;

/// <summary>
/// Which signals a rule applies to: every condition must hold. A condition compares one field of the signal
/// (<c>source</c>, <c>service</c>, <c>resource</c>, <c>name</c>, <c>severity</c>, <c>kind</c>; any other
/// word is a label name) with a value, exactly or by an anchored regular expression.
/// </summary>
public sealed class SignalMatcher
{
    private readonly Condition[] _conditions;

    public SignalMatcher(IEnumerable<KeyValuePair<string, string>> equal, IEnumerable<KeyValuePair<string, Regex>> pattern)
    {
        ArgumentNullException.ThrowIfNull(equal);
        ArgumentNullException.ThrowIfNull(pattern);
        _conditions = [.. equal.Select(p => new Condition(p.Key, p.Value, null)), .. pattern.Select(p => new Condition(p.Key, null, p.Value))];
        Description = _conditions.Length == 0
            ? "any signal"
            : string.Join(", ", _conditions.Select(c => c.Pattern is null ? $"{c.Field}={c.Value}" : $"{c.Field}=~{c.Pattern}"));
    }

    /// <summary>Matches every signal.</summary>
    public static SignalMatcher Any { get; } = new([], []);

    public string Description { get; }

    public bool Matches(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        foreach (var condition in _conditions)
        {
            var value = ValueOf(signal, condition.Field) ?? string.Empty;
            if (condition.Pattern is { } pattern ? !pattern.IsMatch(value) : !string.Equals(value, condition.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of a signal field or, for any other name, of the label of that name.</summary>
    public static string? ValueOf(Signal signal, string field)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return field switch
        {
            "service" => signal.Service,
            "resource" => signal.Resource,
            "source" => signal.Source,
            "name" => signal.Name,
            "severity" => SeverityNames.ToName(signal.Severity),
            "kind" => signal.Kind == SignalKind.Anomaly ? "anomaly" : "alert",
            _ => signal.Labels.GetValueOrDefault(field),
        };
    }

    public override string ToString() => Description;

    private sealed record Condition(string Field, string? Value, Regex? Pattern);
}
