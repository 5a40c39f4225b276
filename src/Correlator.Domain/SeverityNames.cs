namespace Correlator.Domain;

/// <summary>Maps the severity words that monitoring tools use onto <see cref="Severity"/>.</summary>
public static class SeverityNames
{
    /// <summary>Parses a tool's severity word (case-insensitive); returns false for a word it does not know.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Severity severity)
    {
        text = text.Trim();
        severity = Severity.Warning;
        if (text.IsEmpty)
        {
            return false;
        }

        // Words seen in Alertmanager rules, Nagios/Icinga, Zabbix, syslog, PagerDuty and ServiceNow exports.
        Severity? found = text switch
        {
            _ when Is(text, "critical") || Is(text, "crit") || Is(text, "fatal") || Is(text, "emergency")
                || Is(text, "emerg") || Is(text, "alert") || Is(text, "disaster") || Is(text, "page") || Is(text, "p1") => Severity.Critical,
            _ when Is(text, "major") || Is(text, "error") || Is(text, "err") || Is(text, "high") || Is(text, "p2") => Severity.Major,
            _ when Is(text, "minor") || Is(text, "average") || Is(text, "medium") || Is(text, "moderate") || Is(text, "p3") => Severity.Minor,
            _ when Is(text, "warning") || Is(text, "warn") || Is(text, "low") || Is(text, "p4") => Severity.Warning,
            _ when Is(text, "info") || Is(text, "informational") || Is(text, "information") || Is(text, "notice")
                || Is(text, "debug") || Is(text, "none") || Is(text, "ok") || Is(text, "p5") || Is(text, "not classified") => Severity.Info,
            _ => null,
        };
        if (found is null)
        {
            return false;
        }

        severity = found.Value;
        return true;
    }

    /// <summary>The canonical lower-case name used in storage and the API.</summary>
    public static string ToName(Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Warning => "warning",
        Severity.Minor => "minor",
        Severity.Major => "major",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity."),
    };

    private static bool Is(ReadOnlySpan<char> text, string word) => text.Equals(word, StringComparison.OrdinalIgnoreCase);
}
