using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Correlator.Service.Http;

namespace Correlator.Service.Metrics;

/// <summary>Counters of <c>/write</c>, rendered with the bank's in /metrics.</summary>
internal sealed class WriteMetrics(MetricPath path) : IMetricsSection
{
    private readonly ConcurrentDictionary<int, StrongBox<long>> _rejected = new();
    private long _points;
    private long _samples;
    private long _strings;
    private long _badLines;

    public void Written(int points, int samples, int strings, int badLines)
    {
        Interlocked.Add(ref _points, points);
        Interlocked.Add(ref _samples, samples);
        Interlocked.Add(ref _strings, strings);
        Interlocked.Add(ref _badLines, badLines);
    }

    public void Rejected(int status) => Interlocked.Increment(ref _rejected.GetOrAdd(status, static _ => new StrongBox<long>()).Value);

    public void Render(StringBuilder text)
    {
        Counter(text, "correlator_write_points_total", "Line-protocol points read by /write.", Interlocked.Read(ref _points));
        Counter(text, "correlator_write_samples_total", "Numeric samples /write passed to the detector bank.", Interlocked.Read(ref _samples));
        Counter(text, "correlator_write_string_fields_total", "String fields /write read and did not sample.", Interlocked.Read(ref _strings));
        Counter(text, "correlator_write_bad_lines_total", "Lines /write could not read.", Interlocked.Read(ref _badLines));
        Header(text, "correlator_write_errors_total", "counter", "/write answers other than 204, per HTTP status.");
        foreach (var (status, count) in _rejected.OrderBy(p => p.Key))
        {
            text.Append("correlator_write_errors_total{code=\"").Append(status.ToString(CultureInfo.InvariantCulture)).Append("\"} ")
                .Append(Interlocked.Read(ref count.Value).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        var stats = path.Stats;
        Counter(text, "correlator_bank_samples_total", "Samples that reached the detector bank.", stats.Samples);
        Counter(text, "correlator_bank_samples_scored_total", "Samples scored by a series' detector.", stats.Scored);
        Counter(text, "correlator_bank_samples_out_of_order_total", "Samples not newer than their series' last one, skipped.", stats.OutOfOrder);
        Counter(text, "correlator_bank_samples_non_finite_total", "NaN or infinite samples, skipped.", stats.NonFinite);
        Counter(text, "correlator_bank_samples_unwatched_total", "Samples of series whose rule says none.", stats.Unwatched);
        Counter(text, "correlator_bank_series_refused_total", "Samples of new series refused at Detection:Bank:MaxSeries.", stats.SeriesRefused);
        Counter(text, "correlator_bank_series_created_total", "Series the bank started following.", stats.SeriesCreated);
        Counter(text, "correlator_bank_series_evicted_total", "Series dropped after Detection:Bank:IdleTimeout without samples.", stats.SeriesEvicted);
        Counter(text, "correlator_bank_anomalies_fired_total", "Anomaly episodes started.", stats.AnomaliesFired);
        Counter(text, "correlator_bank_anomalies_resolved_total", "Anomaly episodes resolved.", stats.AnomaliesResolved);
        Header(text, "correlator_bank_series", "gauge", "Series the bank follows.").Append("correlator_bank_series ")
            .Append(path.SeriesCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    internal static void Counter(StringBuilder text, string name, string help, long value) =>
        Header(text, name, "counter", help).Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    internal static StringBuilder Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
}
