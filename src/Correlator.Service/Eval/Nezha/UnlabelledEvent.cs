using System.Globalization;

namespace Correlator.Service.Eval.Nezha;

/// <summary>
/// An event in the metrics that looks like a fault injection missing from the day's fault list (docs/nezha.md,
/// "Unlabelled injections"): the day folder's name, when its window starts, the service it shows on and what it looks
/// like. Only used for the second false-incident figure of <c>eval nezha --unlabelled FILE</c>; never for catching.
/// </summary>
internal sealed record UnlabelledEvent(string Day, DateTimeOffset At, string Service, string Signature)
{
    /// <summary>
    /// Reads a CSV file <c>day,start,service,signature</c> (a header line, <c>#</c> comment lines and blank lines are
    /// skipped; the signature is the rest of the line and may hold commas). <c>start</c> is <c>HH:mm</c> on the day
    /// <c>day</c> (<c>yyyy-MM-dd</c>, the day folder's name), the data's wall clock read as UTC like the fault lists.
    /// </summary>
    public static IReadOnlyList<UnlabelledEvent> Load(string file)
    {
        var events = new List<UnlabelledEvent>();
        var lines = File.ReadAllLines(file);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("day,", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split(',', 4);
            if (cells.Length < 3
                || !DateTimeOffset.TryParseExact(cells[0] + " " + cells[1], "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                || cells[2].Length == 0)
            {
                throw new InvalidDataException($"{file}:{i + 1}: expected day (yyyy-MM-dd),start (HH:mm),service[,signature], not '{line}'.");
            }

            events.Add(new UnlabelledEvent(cells[0], at, cells[2], cells.Length > 3 ? cells[3] : string.Empty));
        }

        return events;
    }
}
