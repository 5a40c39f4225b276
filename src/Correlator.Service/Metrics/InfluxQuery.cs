using System.Globalization;
using System.Text;
using Correlator.Domain;
using Correlator.Ingestion.Influx;

namespace Correlator.Service.Metrics;

/// <summary>Builds a watch set's InfluxQL and turns the answer's rows into samples.</summary>
internal static class InfluxQuery
{
    /// <summary><c>SELECT "f" FROM "rp"."m" WHERE "tag" = 'v' AND time &gt; from AND time &lt;= to GROUP BY ...</c>, times in ns.</summary>
    public static string Select(WatchSet set, DateTimeOffset after, DateTimeOffset upTo)
    {
        var q = new StringBuilder("SELECT ");
        q.AppendJoin(',', set.Fields.Select(Identifier)).Append(" FROM ");
        if (!string.IsNullOrEmpty(set.RetentionPolicy))
        {
            q.Append(Identifier(set.RetentionPolicy)).Append('.');
        }

        q.Append(Identifier(set.Measurement)).Append(" WHERE ");
        foreach (var (tag, value) in set.Tags.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            q.Append(Identifier(tag)).Append(" = ").Append(Literal(value)).Append(" AND ");
        }

        q.Append("time > ").Append(Nanoseconds(after)).Append(" AND time <= ").Append(Nanoseconds(upTo));
        if (set.GroupBy.Count > 0)
        {
            q.Append(" GROUP BY ").AppendJoin(',', set.GroupBy.Select(t => t == "*" ? "*" : Identifier(t)));
        }

        return q.ToString();
    }

    /// <summary>Appends the numeric cells of a series chunk as samples (one series key per column, made once per chunk).</summary>
    public static void AddSamples(InfluxSeries series, List<MetricSample> samples)
    {
        var keys = new SeriesKey?[series.Columns.Count];
        for (int c = 1; c < keys.Length; c++)
        {
            keys[c] = new SeriesKey(series.Name, series.Tags, series.Columns[c]);
        }

        foreach (var row in series.Rows)
        {
            var time = DateTimeOffset.UnixEpoch.AddTicks(row[0].Whole / 100);
            for (int c = 1; c < keys.Length; c++)
            {
                if (row[c].TryGetDouble(out var value))
                {
                    samples.Add(new MetricSample(keys[c]!, time, value));
                }
            }
        }
    }

    public static string Nanoseconds(DateTimeOffset time) =>
        ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    private static string Identifier(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
