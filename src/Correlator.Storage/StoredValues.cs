using System.Globalization;
using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>
/// How domain values are written to columns and read back. Times are UTC with 100 ns precision in a fixed-width
/// text form (so text order is time order and a value round-trips exactly); enums are stable lower-case names.
/// </summary>
internal static class StoredValues
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes <see cref="TimeFormat"/> as 28 UTF-8 bytes by hand: the commit formats several times per
    /// signal, and the general custom-format path costs more than the rest of the row.
    /// </summary>
    public static void FormatTime(DateTimeOffset value, Span<byte> utf8)
    {
        if (utf8.Length < 28)
        {
            throw new ArgumentException("A stored time needs 28 bytes.", nameof(utf8));
        }

        var t = value.UtcDateTime;
        Digits(utf8[..4], t.Year);
        utf8[4] = (byte)'-';
        Digits(utf8.Slice(5, 2), t.Month);
        utf8[7] = (byte)'-';
        Digits(utf8.Slice(8, 2), t.Day);
        utf8[10] = (byte)'T';
        Digits(utf8.Slice(11, 2), t.Hour);
        utf8[13] = (byte)':';
        Digits(utf8.Slice(14, 2), t.Minute);
        utf8[16] = (byte)':';
        Digits(utf8.Slice(17, 2), t.Second);
        utf8[19] = (byte)'.';
        Digits(utf8.Slice(20, 7), (int)(t.Ticks % TimeSpan.TicksPerSecond));
        utf8[27] = (byte)'Z';
    }

    private static void Digits(Span<byte> target, int value)
    {
        for (int i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Name(IncidentState state) => IncidentStates.ToName(state);

    public static IncidentState ParseState(string text) =>
        IncidentStates.TryParse(text, out var state) ? state : throw Unknown("incident state", text);

    public static string Name(Severity severity) => SeverityNames.ToName(severity);

    public static Severity ParseSeverity(string text) => text switch
    {
        "info" => Severity.Info,
        "warning" => Severity.Warning,
        "minor" => Severity.Minor,
        "major" => Severity.Major,
        "critical" => Severity.Critical,
        _ => throw Unknown("severity", text),
    };

    public static string Name(Priority priority) => priority switch
    {
        Priority.P1 => "P1",
        Priority.P2 => "P2",
        Priority.P3 => "P3",
        Priority.P4 => "P4",
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Unknown priority."),
    };

    public static Priority ParsePriority(string text) => text switch
    {
        "P1" => Priority.P1,
        "P2" => Priority.P2,
        "P3" => Priority.P3,
        "P4" => Priority.P4,
        _ => throw Unknown("priority", text),
    };

    public static string Name(Impact impact) => impact switch
    {
        Impact.High => "high",
        Impact.Medium => "medium",
        Impact.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(impact), impact, "Unknown impact."),
    };

    public static Impact ParseImpact(string text) => text switch
    {
        "high" => Impact.High,
        "medium" => Impact.Medium,
        "low" => Impact.Low,
        _ => throw Unknown("impact", text),
    };

    public static string Name(Urgency urgency) => urgency switch
    {
        Urgency.High => "high",
        Urgency.Medium => "medium",
        Urgency.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "Unknown urgency."),
    };

    public static Urgency ParseUrgency(string text) => text switch
    {
        "high" => Urgency.High,
        "medium" => Urgency.Medium,
        "low" => Urgency.Low,
        _ => throw Unknown("urgency", text),
    };

    public static string Name(SignalKind kind) => kind switch
    {
        SignalKind.Alert => "alert",
        SignalKind.Anomaly => "anomaly",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown signal kind."),
    };

    public static SignalKind ParseKind(string text) => text switch
    {
        "alert" => SignalKind.Alert,
        "anomaly" => SignalKind.Anomaly,
        _ => throw Unknown("signal kind", text),
    };

    public static string Name(SignalStatus status) => status switch
    {
        SignalStatus.Firing => "firing",
        SignalStatus.Resolved => "resolved",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown signal status."),
    };

    public static SignalStatus ParseStatus(string text) => text switch
    {
        "firing" => SignalStatus.Firing,
        "resolved" => SignalStatus.Resolved,
        _ => throw Unknown("signal status", text),
    };

    public static string Name(TimelineEntryKind kind) => kind switch
    {
        TimelineEntryKind.Opened => "opened",
        TimelineEntryKind.SignalAttached => "signal_attached",
        TimelineEntryKind.SignalResolved => "signal_resolved",
        TimelineEntryKind.SignalRefired => "signal_refired",
        TimelineEntryKind.StateChanged => "state_changed",
        TimelineEntryKind.PriorityChanged => "priority_changed",
        TimelineEntryKind.Note => "note",
        TimelineEntryKind.External => "external",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown timeline entry kind."),
    };

    public static TimelineEntryKind ParseEntryKind(string text) => text switch
    {
        "opened" => TimelineEntryKind.Opened,
        "signal_attached" => TimelineEntryKind.SignalAttached,
        "signal_resolved" => TimelineEntryKind.SignalResolved,
        "signal_refired" => TimelineEntryKind.SignalRefired,
        "state_changed" => TimelineEntryKind.StateChanged,
        "priority_changed" => TimelineEntryKind.PriorityChanged,
        "note" => TimelineEntryKind.Note,
        "external" => TimelineEntryKind.External,
        _ => throw Unknown("timeline entry kind", text),
    };

    public static object Nullable(string? value) => value is null ? DBNull.Value : value;

    private static FormatException Unknown(string what, string text) => new($"Unknown stored {what} '{text}'.");
}
