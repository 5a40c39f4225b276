using System.Text.Json.Serialization;
using Correlator.Detection.Bank;

namespace Correlator.Service.Metrics;

/// <summary>Caps of the in-memory chart history (section <c>Detection</c>).</summary>
public sealed class ChartOptions
{
    public const string SectionName = "Detection";

    /// <summary>Points kept per series (the newest ones).</summary>
    public int ChartPoints { get; set; } = 240;

    /// <summary>Series kept; beyond, the least recently updated one is dropped.</summary>
    public int ChartSeries { get; set; } = 10_000;

    /// <summary>Anomalous series charted on an incident's page (the highest scores first).</summary>
    public int ChartsPerIncident { get; set; } = 6;

    public void Validate()
    {
        if (ChartPoints is < 2 or > 100_000)
        {
            throw new InvalidOperationException($"appsettings.json: {SectionName}:ChartPoints must be 2..100000 (is {ChartPoints}).");
        }

        if (ChartSeries is < 1 or > 10_000_000)
        {
            throw new InvalidOperationException($"appsettings.json: {SectionName}:ChartSeries must be 1..10000000 (is {ChartSeries}).");
        }

        if (ChartsPerIncident is < 0 or > 100)
        {
            throw new InvalidOperationException($"appsettings.json: {SectionName}:ChartsPerIncident must be 0..100 (is {ChartsPerIncident}).");
        }
    }
}

/// <summary>
/// One scored sample as charted: value, the bank's expected value, the band it was judged against, and whether it
/// was anomalous. <see cref="Lower"/>/<see cref="Upper"/> are null where there is no band (the detector warming up:
/// any value is normal then).
/// </summary>
public sealed record ChartPoint(DateTimeOffset Time, double Value, double Expected, double? Lower, double? Upper, bool Anomalous);

/// <summary>
/// The recent points of one series, oldest first. <see cref="Band"/> says what the band is: <see cref="DetectorBand"/>
/// (the detector's own decision boundary, exact) or <see cref="TypicalBand"/> (an estimate, for detectors that cannot state one).
/// </summary>
public sealed record SeriesChart(string Fingerprint, string Series, IReadOnlyList<ChartPoint> Points, string Band = SeriesChart.DetectorBand)
{
    /// <summary>The band is the detector's decision boundary: inside it a value scores below the rule's threshold.</summary>
    public const string DetectorBand = "detector";

    /// <summary>The band is expected ± <see cref="SeriesHistory.BandWidth"/> × the mean absolute deviation of normal values.</summary>
    public const string TypicalBand = "typical";
}

[JsonSerializable(typeof(IReadOnlyList<SeriesChart>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class SeriesChartJsonContext : JsonSerializerContext;

/// <summary>
/// A bounded in-memory recent history per scored series, keyed by the fingerprint its anomaly signals carry:
/// the last <see cref="ChartOptions.ChartPoints"/> points in a ring per series, at most
/// <see cref="ChartOptions.ChartSeries"/> series (the least recently updated is dropped). Written by the metric
/// path (one caller at a time), read by web requests: each ring has its own lock and reads copy. Lost on restart.
/// <para>
/// The band: when the series' detector states its decision boundary (<see cref="Correlator.Detection.IBandedDetector"/>,
/// the bank's default <c>ewma</c>), each point carries the exact band it was judged against — a value outside it
/// scored at or above the rule's threshold. Other detectors give a score with no inverse; for them the band is an
/// estimate (<see cref="SeriesChart.TypicalBand"/>): the expected value (the bank's baseline) ± <see cref="BandWidth"/>
/// × the mean absolute deviation of the series' NORMAL values from it (an exponentially weighted mean, weight
/// <see cref="DeviationAlpha"/>): where typical values lie, not where the detector decides.
/// </para>
/// </summary>
public sealed class SeriesHistory
{
    public const double BandWidth = 3.0;

    public const double DeviationAlpha = 0.1;

    private readonly int _points;
    private readonly int _maxSeries;
    private readonly Lock _index = new();
    private readonly Dictionary<string, Ring> _rings = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recency = [];

    public SeriesHistory(ChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _points = options.ChartPoints;
        _maxSeries = options.ChartSeries;
    }

    public int SeriesCount
    {
        get
        {
            lock (_index)
            {
                return _rings.Count;
            }
        }
    }

    /// <summary>Adds a scored sample of the series <paramref name="fingerprint"/> names.</summary>
    public void Add(string fingerprint, string series, in SampleScore score)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        Ring ring;
        lock (_index)
        {
            if (_rings.TryGetValue(fingerprint, out var found))
            {
                ring = found;
                _recency.Remove(ring.Node);
                _recency.AddLast(ring.Node);
            }
            else
            {
                if (_rings.Count >= _maxSeries && _recency.First is { } oldest)
                {
                    // The least recently updated series goes, and its ring (ChartPoints points, about 20 KB at the
                    // default) takes the new one: with more series than ChartSeries arriving in turn, every sample
                    // evicts, and a new array per sample cost 3.3 KB of allocation per sample on bench kafka's metrics.
                    _rings.Remove(oldest.Value, out var evicted);
                    _recency.RemoveFirst();
                    ring = evicted!;
                    ring.Reuse(fingerprint, series);
                }
                else
                {
                    ring = new Ring(fingerprint, series, _points, new LinkedListNode<string>(fingerprint));
                }

                _rings.Add(fingerprint, ring);
                _recency.AddLast(ring.Node);
            }
        }

        ring.Add(score);
    }

    /// <summary>The series' points, oldest first; null when none is kept (never seen since the start, or evicted).</summary>
    public SeriesChart? Get(string fingerprint)
    {
        Ring? ring;
        lock (_index)
        {
            _rings.TryGetValue(fingerprint, out ring);
        }

        if (ring is null)
        {
            return null;
        }

        // The ring may have been handed to another series since the lookup: then this one is no longer kept.
        if (ring.Copy(fingerprint, out var name, out bool estimated) is not { } points)
        {
            return null;
        }

        return new SeriesChart(fingerprint, name, points, estimated ? SeriesChart.TypicalBand : SeriesChart.DetectorBand);
    }

    private sealed class Ring(string fingerprint, string series, int capacity, LinkedListNode<string> node)
    {
        private readonly ChartPoint[] _items = new ChartPoint[capacity];
        private string _fingerprint = fingerprint;
        private string _series = series;
        private int _next;
        private int _count;
        private double _deviation = double.NaN;
        private bool _estimated;

        public LinkedListNode<string> Node { get; } = node;

        /// <summary>Empties the ring for another series (under the index lock; readers check the key under the ring's).</summary>
        public void Reuse(string fingerprint, string series)
        {
            lock (_items)
            {
                _fingerprint = fingerprint;
                _series = series;
                Node.Value = fingerprint;
                _next = 0;
                _count = 0;
                _deviation = double.NaN;
                _estimated = false;
            }
        }

        public void Add(in SampleScore score)
        {
            lock (_items)
            {
                double distance = Math.Abs(score.Value - score.Expected);
                double? lower, upper;
                if (score.HasDetectorBand)
                {
                    _estimated = false;
                    (lower, upper) = double.IsFinite(score.Lower) && double.IsFinite(score.Upper) ? (score.Lower, score.Upper) : ((double?)null, (double?)null);
                }
                else
                {
                    _estimated = true;
                    double width = double.IsNaN(_deviation) ? 0 : BandWidth * _deviation;
                    (lower, upper) = (score.Expected - width, score.Expected + width);
                }

                _items[_next] = new ChartPoint(score.Time, score.Value, score.Expected, lower, upper, score.Anomalous);
                _next = (_next + 1) % _items.Length;
                _count = Math.Min(_count + 1, _items.Length);
                if (!score.Anomalous)
                {
                    _deviation = double.IsNaN(_deviation) ? distance : _deviation + (DeviationAlpha * (distance - _deviation));
                }
            }
        }

        /// <summary>The points, oldest first, while the ring still holds <paramref name="fingerprint"/>'s series; else null.</summary>
        /// <param name="estimated">True when the newest point's band is the estimate (the detector states none).</param>
        public ChartPoint[]? Copy(string fingerprint, out string series, out bool estimated)
        {
            lock (_items)
            {
                series = _series;
                estimated = _estimated;
                if (!string.Equals(_fingerprint, fingerprint, StringComparison.Ordinal))
                {
                    return null;
                }

                var copy = new ChartPoint[_count];
                int start = (_next - _count + _items.Length) % _items.Length;
                for (int i = 0; i < _count; i++)
                {
                    copy[i] = _items[(start + i) % _items.Length];
                }

                return copy;
            }
        }
    }
}
