using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using Correlator.Domain;

namespace Correlator.Service.Eval;

/// <summary>
/// Reads <c>incident_event_log.zip</c> (UCI #498): one row per audit event, grouped by incident number. Times are
/// <c>d/m/yyyy HH:mm</c> without a zone and are taken as UTC; "?" is a missing value.
/// </summary>
internal static class UciIncidentLog
{
    public const string FileName = "incident_event_log.zip";

    public static List<UciIncident> Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No {FileName} in {Path.GetFullPath(folder)} (see ../shared/eval/README.md).", path);
        }

        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry("incident_event_log.csv") ?? throw new InvalidDataException($"{path} holds no incident_event_log.csv.");
        using var reader = new StreamReader(entry.Open());
        var header = (reader.ReadLine() ?? throw new InvalidDataException("The CSV is empty.")).Split(',');
        var column = header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
        var incidents = new List<UciIncident>();
        var events = new List<string[]>();
        string? line;
        int lineNumber = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var fields = line.Split(',');
            if (fields.Length != header.Length)
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: {fields.Length} fields, the header has {header.Length}.");
            }

            if (events.Count > 0 && events[0][column["number"]] != fields[column["number"]])
            {
                incidents.Add(Fold(events, column));
                events.Clear();
            }

            events.Add(fields);
        }

        if (events.Count > 0)
        {
            incidents.Add(Fold(events, column));
        }

        return incidents;
    }

    private static UciIncident Fold(List<string[]> events, Dictionary<string, int> c)
    {
        events.Sort((a, b) => int.Parse(a[c["sys_mod_count"]], CultureInfo.InvariantCulture).CompareTo(int.Parse(b[c["sys_mod_count"]], CultureInfo.InvariantCulture)));
        var last = events[^1];
        string V(string[] row, string name) => row[c[name]];
        var opened = Time(V(last, "opened_at")) ?? throw new InvalidDataException($"{V(last, "number")} has no opened_at.");
        DateTimeOffset? acknowledged = null, linkedAt = null, holdFrom = null;
        var holds = ImmutableList.CreateBuilder<HoldPeriod>();
        var problems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in events)
        {
            var at = Time(V(row, "sys_updated_at")) ?? opened;
            var state = V(row, "incident_state");
            if (acknowledged is null && state is not ("New" or "-100"))
            {
                acknowledged = at < opened ? opened : at;
            }

            bool waiting = state.StartsWith("Awaiting", StringComparison.Ordinal);
            if (waiting && holdFrom is null)
            {
                holdFrom = at < opened ? opened : at;
            }
            else if (!waiting && holdFrom is { } from)
            {
                holds.Add(new HoldPeriod(from, at < from ? from : at, "awaiting"));
                holdFrom = null;
            }

            if (Value(V(row, "problem_id")) is { } problem)
            {
                problems.Add(problem);
                linkedAt ??= at;
            }
        }

        var number = V(last, "number");
        return new UciIncident(
            long.Parse(number.AsSpan(3), CultureInfo.InvariantCulture),
            number,
            opened,
            acknowledged,
            Time(V(last, "resolved_at")),
            (Priority)int.Parse(V(last, "priority").AsSpan(0, 1), CultureInfo.InvariantCulture),
            V(last, "made_sla") == "true",
            int.Parse(V(last, "reopen_count"), CultureInfo.InvariantCulture),
            holds.ToImmutable(),
            Value(V(last, "category")),
            Value(V(last, "subcategory")),
            Value(V(last, "u_symptom")),
            Value(V(last, "location")),
            Value(V(last, "assignment_group")),
            problems,
            linkedAt)
        {
            Opening = new UciOpening(Value(V(events[0], "category")), Value(V(events[0], "subcategory")), Value(V(events[0], "u_symptom")),
                Value(V(events[0], "location")), Value(V(events[0], "assignment_group"))),
        };
    }

    private static string? Value(string text) => text is "?" or "" ? null : text;

    private static DateTimeOffset? Time(string text) =>
        DateTime.TryParseExact(text, "d/M/yyyy HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;
}
