using System.Globalization;

namespace Correlator.Detection.Multivariate;

/// <summary>A labelled anomaly segment: test rows First..Last (inclusive, 0-based) and the 1-based metrics that explain it.</summary>
public sealed record AsdSegment(int First, int Last, IReadOnlySet<int> Metrics)
{
    /// <summary>Parses <c>start-end:m,m,...</c>, naming <paramref name="where"/> in errors.</summary>
    public static AsdSegment Parse(string line, string where, int rows, int metrics)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var range = (colon < 0 ? line : line[..colon]).Split('-');
        if (range.Length != 2 || !int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first || last >= rows)
        {
            throw new InvalidDataException($"{where}: '{line}' is not start-end:metrics with 0 <= start <= end < {rows}");
        }

        var set = new HashSet<int>();
        foreach (var part in colon < 0 ? [] : line[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m < 1 || m > metrics)
            {
                throw new InvalidDataException($"{where}: metric '{part}' is not from 1 to {metrics}");
            }

            set.Add(m);
        }

        return new AsdSegment(first, last, set);
    }
}
