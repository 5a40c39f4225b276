using System.Globalization;
using System.Text;
using Correlator.Service.Http;

namespace Correlator.Service.Web;

/// <summary>
/// Down-samples a storm of signals for the chart: signals are grouped by name (the largest groups first, at most
/// a row limit of them), the time axis is cut into a fixed number of buckets, and each group becomes one step
/// path whose height in a bucket is how many of its signals fire during it. The markup is bounded by rows x
/// buckets whatever the number of signals.
/// </summary>
internal static class SignalDensity
{
    public const int DefaultBuckets = 120;

    private const double BandHeight = 16;

    public static (IReadOnlyList<SignalChart.Band> Bands, int Omitted) Build(SignalChart axis, IReadOnlyList<SignalDto> signals, int maxRows, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var groups = signals.GroupBy(s => s.Name, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var span = (axis.To - axis.From).TotalMilliseconds;
        var drawn = new List<Correlator.Storage.SignalDensityGroup>(Math.Min(maxRows, groups.Count));
        foreach (var group in groups.Take(maxRows))
        {
            // Per bucket: how many start in it, and how many stop in it (never before the bucket they start in).
            var starts = new int[buckets];
            var ends = new int[buckets];
            foreach (var s in group)
            {
                var end = s.Status == "firing" ? axis.To : s.EndsAt ?? s.LastSeenAt;
                starts[Bucket(s.StartsAt)]++;
                ends[Math.Max(Bucket(s.StartsAt), Bucket(end))]++;
            }

            var worst = group.MaxBy(s => SeverityRank(s.Severity))?.Severity ?? "info";
            drawn.Add(new Correlator.Storage.SignalDensityGroup(group.Key, group.Count(), worst, starts, ends));
        }

        return (Bands(drawn, buckets), groups.Skip(maxRows).Sum(g => g.Count()));

        int Bucket(DateTimeOffset at) =>
            span <= 0 ? 0 : Math.Clamp((int)((at - axis.From).TotalMilliseconds / span * buckets), 0, buckets - 1);
    }

    /// <summary>
    /// The bands of groups already counted per bucket (by the store, <see cref="Correlator.Storage.SqliteStore.GetSignalDensityAsync"/>,
    /// or by <see cref="Build"/>): each group's height in a bucket is how many of its signals fire during it.
    /// </summary>
    public static IReadOnlyList<SignalChart.Band> Bands(IReadOnlyList<Correlator.Storage.SignalDensityGroup> groups, int buckets)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var counts = new List<int[]>(groups.Count);
        var peak = 1;
        foreach (var group in groups)
        {
            var row = new int[buckets];
            for (int i = 0, running = 0; i < buckets; i++)
            {
                // A signal fires from the bucket it starts in through the bucket it stops in.
                running += group.Starts[i] - (i > 0 ? group.Ends[i - 1] : 0);
                row[i] = running;
                peak = Math.Max(peak, running);
            }

            counts.Add(row);
        }

        var bands = new List<SignalChart.Band>(groups.Count);
        for (var r = 0; r < groups.Count; r++)
        {
            var y = SignalChart.AxisHeight + (r * SignalChart.RowHeight);
            bands.Add(new SignalChart.Band(groups[r].Name, groups[r].Count, groups[r].WorstSeverity, counts[r].Max(), y, StepPath(counts[r], peak, y + 3 + BandHeight)));
        }

        return bands;
    }

    /// <summary>A closed step path over the baseline; only changes of height add points.</summary>
    private static string StepPath(int[] row, int peak, double baseline)
    {
        string X(int bucket) => (SignalChart.LabelWidth + ((double)bucket / row.Length * (SignalChart.Width - SignalChart.LabelWidth - 10))).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(int count) => (baseline - (BandHeight * count / peak)).ToString("0.#", CultureInfo.InvariantCulture);
        var path = new StringBuilder(64 + (row.Length * 16));
        path.Append('M').Append(X(0)).Append(' ').Append(baseline.ToString("0.#", CultureInfo.InvariantCulture));
        var level = 0;
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] != level)
            {
                path.Append(" L").Append(X(i)).Append(' ').Append(Y(level)).Append(" L").Append(X(i)).Append(' ').Append(Y(row[i]));
                level = row[i];
            }
        }

        path.Append(" L").Append(X(row.Length)).Append(' ').Append(Y(level)).Append(" L").Append(X(row.Length)).Append(' ')
            .Append(baseline.ToString("0.#", CultureInfo.InvariantCulture)).Append(" Z");
        return path.ToString();
    }

    private static int SeverityRank(string severity) => severity switch
    {
        "critical" => 4,
        "major" => 3,
        "minor" => 2,
        "warning" => 1,
        _ => 0,
    };
}
