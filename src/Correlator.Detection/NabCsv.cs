using System.Globalization;
using System.Text;

namespace Correlator.Detection;

/// <summary>Reads NAB data files and writes NAB-style result files.</summary>
internal static class NabCsv
{
    public static (List<DateTimeOffset> Timestamps, List<double> Values) Read(string path)
    {
        var timestamps = new List<DateTimeOffset>();
        var values = new List<double>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'timestamp,value'");
            }

            timestamps.Add(NabTimestamps.Parse(line[..comma]));
            values.Add(double.Parse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return (timestamps, values);
    }

    /// <summary>Writes timestamp,value,anomaly_score,label; label is 1 inside a labelled window.</summary>
    public static void WriteResult(string path, NabDataFile file, IReadOnlyList<double> scores)
    {
        var inside = file.InsideWindow();
        var text = new StringBuilder(file.RowCount * 48);
        text.Append("timestamp,value,anomaly_score,label\n");
        for (var i = 0; i < file.RowCount; i++)
        {
            text.Append(NabTimestamps.Write(file.Timestamps[i])).Append(',')
                .Append(file.Values[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(scores[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(inside[i] ? '1' : '0').Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
