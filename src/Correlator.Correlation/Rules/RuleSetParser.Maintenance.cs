using System.Globalization;
using Correlator.Domain;
using Cronos;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Correlator.Correlation.Rules;

/// <summary>The maintenance-window part of the rule files: schedules (start/end, cron, weekly ranges) in IANA time zones.</summary>
public static partial class RuleSetParser
{
    private static MaintenanceWindow? Maintenance(YamlFields fields, YamlNode node, string key)
    {
        if (fields.Mapping(node, key, "name", "match", "match_re", "action", "severity", "start", "end", "cron", "duration", "weekly", "timezone") is not { } map)
        {
            return null;
        }

        var name = fields.String(map, "name", key, required: true);
        var action = MaintenanceAction.Suppress;
        switch (fields.String(map, "action", key))
        {
            case null or "suppress": break;
            case "downgrade": action = MaintenanceAction.Downgrade; break;
            case var other: fields.Error(YamlFields.Get(map, "action")!, YamlFields.Join(key, "action"), $"must be suppress or downgrade (got '{other}')."); break;
        }

        var severity = SeverityValue(fields, map, "severity", key) ?? Severity.Info;
        var zone = TimeZone(fields, map, key);
        var window = new MaintenanceWindow(name ?? "?", fields.Matcher(map, key), action, severity, YamlFields.Line(node)) { TimeZone = zone };
        var kinds = ScheduleKeys.Count(k => YamlFields.Get(map, k) is not null);
        if (kinds != 1)
        {
            fields.Error(map, key, "needs exactly one schedule: start and end (one-off), cron and duration, or weekly.");
            return null;
        }

        if (YamlFields.Get(map, "start") is not null)
        {
            var start = Instant(fields, map, "start", key);
            var end = Instant(fields, map, "end", key, required: true);
            if (start is { } s && end is { } e && e <= s)
            {
                fields.Error(YamlFields.Get(map, "end")!, YamlFields.Join(key, "end"), "must be after start.");
            }

            window = window with { Start = start, End = end };
        }
        else if (fields.String(map, "cron", key) is { } cronText)
        {
            window = window with { Cron = Cron(fields, map, cronText, key), Duration = fields.Duration(map, "duration", key, required: true) ?? TimeSpan.Zero };
        }
        else if (YamlFields.Get(map, "weekly") is { } weeklyNode)
        {
            window = Weekly(fields, weeklyNode, YamlFields.Join(key, "weekly"), window);
        }

        return name is null ? null : window;
    }

    private static MaintenanceWindow Weekly(YamlFields fields, YamlNode node, string key, MaintenanceWindow window)
    {
        if (fields.Mapping(node, key, "days", "from", "to") is not { } map)
        {
            return window;
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var day in fields.StringList(map, "days", key))
        {
            if (DayOf(day) is { } d)
            {
                days.Add(d);
            }
            else
            {
                fields.Error(YamlFields.Get(map, "days")!, YamlFields.Join(key, "days"), $"'{day}' is not a weekday (mon, tue, wed, thu, fri, sat, sun).");
            }
        }

        if (days.Count == 0)
        {
            fields.Error(map, YamlFields.Join(key, "days"), "must list at least one weekday.");
        }

        var from = TimeOfDay(fields, map, "from", key);
        var to = TimeOfDay(fields, map, "to", key);
        if (from == to)
        {
            fields.Error(map, YamlFields.Join(key, "to"), "must differ from 'from'.");
        }

        return window with { Days = days, From = from, To = to };
    }

    private static TimeZoneInfo TimeZone(YamlFields fields, YamlMappingNode map, string key)
    {
        var text = fields.String(map, "timezone", key);
        if (text is null)
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(text);
        }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            fields.Error(YamlFields.Get(map, "timezone")!, YamlFields.Join(key, "timezone"), $"'{text}' is not a known IANA time zone (e.g. Europe/Paris, UTC).");
            return TimeZoneInfo.Utc;
        }
    }

    private static DateTimeOffset? Instant(YamlFields fields, YamlMappingNode map, string name, string key, bool required = false)
    {
        var text = fields.String(map, name, key, required);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            return value;
        }

        fields.Error(YamlFields.Get(map, name)!, YamlFields.Join(key, name), $"'{text}' must be an RFC 3339 time with its offset, e.g. 2026-03-29T01:00:00Z.");
        return null;
    }

    private static CronExpression? Cron(YamlFields fields, YamlMappingNode map, string text, string key)
    {
        try
        {
            return CronExpression.Parse(text, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException error)
        {
            fields.Error(YamlFields.Get(map, "cron")!, YamlFields.Join(key, "cron"), $"'{text}' is not a cron expression: {error.Message}");
            return null;
        }
    }

    private static TimeOnly TimeOfDay(YamlFields fields, YamlMappingNode map, string name, string key)
    {
        var text = fields.String(map, name, key, required: true);
        if (text is null)
        {
            return default;
        }

        if (TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        fields.Error(YamlFields.Get(map, name)!, YamlFields.Join(key, name), $"'{text}' must be a time of day HH:mm.");
        return default;
    }

    private static DayOfWeek? DayOf(string text) => text.ToUpperInvariant() switch
    {
        "MON" or "MONDAY" => DayOfWeek.Monday,
        "TUE" or "TUESDAY" => DayOfWeek.Tuesday,
        "WED" or "WEDNESDAY" => DayOfWeek.Wednesday,
        "THU" or "THURSDAY" => DayOfWeek.Thursday,
        "FRI" or "FRIDAY" => DayOfWeek.Friday,
        "SAT" or "SATURDAY" => DayOfWeek.Saturday,
        "SUN" or "SUNDAY" => DayOfWeek.Sunday,
        _ => null,
    };
}
