using Correlator.Service.Http;

namespace Correlator.Service.Web;

/// <summary>
/// The geometry of an incident's signal chart (an SVG drawn by the page): one bar per signal from its start to
/// its end (or to the chart's end while it fires), on a shared time axis from the first start to the last event.
/// </summary>
public sealed class SignalChart
{
    public const double Width = 900;
    public const double LabelWidth = 220;
    public const double RowHeight = 22;
    public const double AxisHeight = 28;

    private SignalChart(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<Bar> bars, int omitted, IReadOnlyList<Band>? bands = null)
    {
        From = from;
        To = to;
        Bars = bars;
        Omitted = omitted;
        Bands = bands ?? [];
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public IReadOnlyList<Bar> Bars { get; }

    /// <summary>Signals not drawn because of the row limit.</summary>
    public int Omitted { get; }

    /// <summary>
    /// When the incident has more signals than rows, the chart is down-sampled: one row per signal name, its
    /// height at each moment the number of that name's signals firing then (<see cref="SignalDensity"/>).
    /// </summary>
    public IReadOnlyList<Band> Bands { get; }

    public bool Grouped => Bands.Count > 0;

    public double Height => AxisHeight + ((Grouped ? Bands.Count : Bars.Count) * RowHeight) + 6;

    public IEnumerable<(double X, string Label)> Ticks()
    {
        const int count = 5;
        for (var i = 0; i <= count; i++)
        {
            var at = From + ((To - From) * i / count);
            yield return (X(at), at.UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public double X(DateTimeOffset at)
    {
        var span = (To - From).TotalMilliseconds;
        var fraction = span <= 0 ? 0 : (at - From).TotalMilliseconds / span;
        return LabelWidth + (Math.Clamp(fraction, 0, 1) * (Width - LabelWidth - 10));
    }

    /// <summary>One bar per signal up to <paramref name="maxRows"/> signals; beyond, one density band per signal name.</summary>
    public static SignalChart Build(IncidentItemDto incident, IReadOnlyList<SignalDto> signals, int maxRows, int maxBuckets = SignalDensity.DefaultBuckets)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(signals);
        var (from, to) = Span(incident, signals.Count == 0 ? null : signals.Min(s => s.StartsAt), signals.Count == 0 ? null : signals.Max(s => s.EndsAt ?? s.LastSeenAt));
        if (signals.Count > maxRows)
        {
            var axis = new SignalChart(from, to, [], 0);
            var (bands, omitted) = SignalDensity.Build(axis, signals, maxRows, maxBuckets);
            return new SignalChart(from, to, [], omitted, bands);
        }

        var drawn = signals.OrderBy(s => s.StartsAt).Take(maxRows).ToList();
        var chart = new SignalChart(from, to, [], signals.Count - drawn.Count);
        var bars = new List<Bar>(drawn.Count);
        for (var i = 0; i < drawn.Count; i++)
        {
            var s = drawn[i];
            var firing = s.Status == "firing";
            var end = firing ? to : s.EndsAt ?? s.LastSeenAt;
            var x = chart.X(s.StartsAt);
            bars.Add(new Bar(s, AxisHeight + (i * RowHeight), x, Math.Max(3, chart.X(end) - x), firing));
        }

        return new SignalChart(from, to, bars, chart.Omitted);
    }

    /// <summary>
    /// The time axis: from the incident's opening (or its earliest signal start, if earlier) to its last update,
    /// resolution or signal end, whichever is latest; at least a minute.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) Span(IncidentItemDto incident, DateTimeOffset? firstStart, DateTimeOffset? lastEnd)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var from = firstStart is { } first && first < incident.OpenedAt ? first : incident.OpenedAt;
        var to = new[] { incident.UpdatedAt, incident.ResolvedAt ?? from, lastEnd ?? DateTimeOffset.MinValue }.Max();
        return (from, to <= from ? from + TimeSpan.FromMinutes(1) : to);
    }

    /// <summary>The down-sampled chart from the store's density read (<see cref="Correlator.Storage.SqliteStore.GetSignalDensityAsync"/>) over <see cref="Span"/>.</summary>
    public static SignalChart FromDensity(DateTimeOffset from, DateTimeOffset to, Correlator.Storage.SignalDensityRows density, int buckets = SignalDensity.DefaultBuckets)
    {
        ArgumentNullException.ThrowIfNull(density);
        return new SignalChart(from, to, [], density.Omitted, SignalDensity.Bands(density.Groups, buckets));
    }

    /// <summary>The chart as SVG markup; every text from a signal is HTML-encoded.</summary>
    public string ToSvg()
    {
        static string N(double v) => v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        static string E(string text) => System.Net.WebUtility.HtmlEncode(text);
        var svg = new System.Text.StringBuilder(512 + (Bars.Count * 400));
        svg.Append("<svg class=\"chart\" role=\"img\" aria-label=\"").Append(Grouped
            ? "The incident's signals per name: the height of each band is how many of them fire at that moment."
            : "Each signal of the incident as a bar from its start to its end; bars still firing reach the right edge.").Append("\" viewBox=\"0 0 ")
            .Append(N(Width)).Append(' ').Append(N(Height)).Append("\" width=\"100%\">");
        foreach (var (x, label) in Ticks())
        {
            svg.Append("<line class=\"tick\" x1=\"").Append(N(x)).Append("\" x2=\"").Append(N(x)).Append("\" y1=\"18\" y2=\"").Append(N(Height)).Append("\"/>")
                .Append("<text class=\"tick-label\" x=\"").Append(N(x)).Append("\" y=\"12\" text-anchor=\"").Append(x >= Width - 20 ? "end" : "middle").Append("\">").Append(E(label)).Append("</text>");
        }

        foreach (var band in Bands)
        {
            svg.Append("<g class=\"band sev-").Append(E(band.Severity)).Append("\"><title>")
                .Append(E($"{band.Name}: {band.Signals} signal(s), at most {band.Peak} firing at once"))
                .Append("</title><text class=\"row-label\" x=\"4\" y=\"").Append(N(band.Y + 15)).Append("\">")
                .Append(E(band.Name.Length > 24 ? band.Name[..23] + "…" : band.Name)).Append(" ×").Append(band.Signals.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append("</text><path d=\"").Append(band.Path).Append("\"/></g>");
        }

        foreach (var bar in Bars)
        {
            var s = bar.Signal;
            var name = s.Name.Length > 30 ? s.Name[..29] + "…" : s.Name;
            svg.Append("<g class=\"bar sev-").Append(E(s.Severity)).Append(bar.Firing ? " firing" : "").Append("\"><title>")
                .Append(E($"{s.Name} on {s.Resource ?? s.Service ?? s.Source}: {s.Status}, {s.Severity}, since {PageFormat.Time(s.StartsAt)}"))
                .Append("</title><text class=\"row-label\" x=\"4\" y=\"").Append(N(bar.Y + 15)).Append("\">").Append(E(name)).Append("</text>")
                .Append("<rect x=\"").Append(N(bar.X)).Append("\" y=\"").Append(N(bar.Y + 4)).Append("\" width=\"").Append(N(bar.W))
                .Append("\" height=\"14\" rx=\"3\"/></g>");
        }

        return svg.Append("</svg>").ToString();
    }

    public sealed record Bar(SignalDto Signal, double Y, double X, double W, bool Firing);

    /// <summary>A down-sampled row: the signals of one name, their worst severity, and the SVG path of how many fired when.</summary>
    public sealed record Band(string Name, int Signals, string Severity, int Peak, double Y, string Path);
}
