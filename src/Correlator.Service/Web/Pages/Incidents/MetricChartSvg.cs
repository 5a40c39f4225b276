using System.Globalization;
using System.Net;
using System.Text;
using Correlator.Service.Metrics;

namespace Correlator.Service.Web.Pages.Incidents;

/// <summary>An inline SVG line chart of one series: the expected band shaded, the value line, the anomalous points marked, axis labels.</summary>
public static class MetricChartSvg
{
    private const double Width = 720;
    private const double Height = 200;
    private const double Left = 64;
    private const double Right = 12;
    private const double Top = 12;
    private const double Bottom = 28;

    public static string ToSvg(SeriesChart chart, int index)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var points = chart.Points;
        var c = CultureInfo.InvariantCulture;
        int anomalies = points.Count(p => p.Anomalous);
        var titleId = $"metric-chart-{index}-title";
        var descId = $"metric-chart-{index}-desc";
        var svg = new StringBuilder();
        svg.Append(c, $"<svg class=\"metric-chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" aria-labelledby=\"{titleId} {descId}\">");
        svg.Append(c, $"<title id=\"{titleId}\">{WebUtility.HtmlEncode(chart.Series)}</title>");
        if (points.Count == 0)
        {
            svg.Append(c, $"<desc id=\"{descId}\">No recent points kept.</desc></svg>");
            return svg.ToString();
        }

        var from = points[0].Time;
        var to = points[^1].Time;
        var (min, max) = Scale(points);
        double span = Math.Max((to - from).Ticks, 1);
        double X(DateTimeOffset t) => Left + ((t - from).Ticks / span * (Width - Left - Right));
        double Y(double v) => Top + ((max - Math.Clamp(v, min, max)) / (max - min) * (Height - Top - Bottom));
        int offScale = points.Count(p => p.Value < min || p.Value > max);
        string bandWords = chart.Band == SeriesChart.TypicalBand ? "the typical range (an estimate)" : "the detector's normal band";
        svg.Append(c, $"<desc id=\"{descId}\">{points.Count} points from {from:u} to {to:u}, scale {min:G4} to {max:G4}; shaded: {bandWords}; {anomalies} anomalous point(s) marked in red");
        svg.Append(offScale > 0 ? string.Create(c, $"; {offScale} point(s) beyond the scale drawn at its edge as triangles.</desc>") : ".</desc>");

        // The band, one polygon per run of points that have one (none while the detector warms up): upper edge left to right, lower edge back.
        for (int i = 0; i < points.Count;)
        {
            if (points[i].Lower is null || points[i].Upper is null)
            {
                i++;
                continue;
            }

            int end = i;
            while (end + 1 < points.Count && points[end + 1].Lower is not null && points[end + 1].Upper is not null)
            {
                end++;
            }

            var band = new StringBuilder();
            for (int k = i; k <= end; k++)
            {
                band.Append(c, $"{X(points[k].Time):F1},{Y(points[k].Upper!.Value):F1} ");
            }

            for (int k = end; k >= i; k--)
            {
                band.Append(c, $"{X(points[k].Time):F1},{Y(points[k].Lower!.Value):F1} ");
            }

            svg.Append(c, $"<polygon class=\"band\" points=\"{band.ToString().TrimEnd()}\" fill=\"#9ecae1\" fill-opacity=\"0.45\" stroke=\"none\"><title>{bandWords}</title></polygon>");
            i = end + 1;
        }

        var line = string.Join(' ', points.Select(p => string.Create(c, $"{X(p.Time):F1},{Y(p.Value):F1}")));
        svg.Append(c, $"<polyline class=\"value\" points=\"{line}\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"1.5\"/>");
        foreach (var p in points.Where(p => p.Anomalous || p.Value < min || p.Value > max))
        {
            string title = string.Create(c, $"{p.Time:u}: {p.Value:G6} (expected {p.Expected:G6}{Range(p, c)})");
            string fill = p.Anomalous ? "#d62728" : "#08519c";
            string cls = p.Anomalous ? "anomaly" : "point";
            double x = X(p.Time);
            if (p.Value > max)
            {
                svg.Append(c, $"<polygon class=\"{cls} off-scale\" points=\"{x - 5:F1},{Top + 8:F1} {x + 5:F1},{Top + 8:F1} {x:F1},{Top:F1}\" fill=\"{fill}\"><title>{title}, above the scale</title></polygon>");
            }
            else if (p.Value < min)
            {
                double y = Height - Bottom;
                svg.Append(c, $"<polygon class=\"{cls} off-scale\" points=\"{x - 5:F1},{y - 8:F1} {x + 5:F1},{y - 8:F1} {x:F1},{y:F1}\" fill=\"{fill}\"><title>{title}, below the scale</title></polygon>");
            }
            else
            {
                svg.Append(c, $"<circle class=\"{cls}\" cx=\"{x:F1}\" cy=\"{Y(p.Value):F1}\" r=\"4\" fill=\"{fill}\"><title>{title}</title></circle>");
            }
        }

        // Axes and labels.
        svg.Append(c, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#555\"/>");
        svg.Append(c, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#555\"/>");
        svg.Append(c, $"<text x=\"{Left - 4}\" y=\"{Top + 10}\" text-anchor=\"end\" font-size=\"11\">{max:G4}</text>");
        svg.Append(c, $"<text x=\"{Left - 4}\" y=\"{Height - Bottom}\" text-anchor=\"end\" font-size=\"11\">{min:G4}</text>");
        svg.Append(c, $"<text x=\"{Left}\" y=\"{Height - 8}\" font-size=\"11\">{from:yyyy-MM-dd HH:mm} UTC</text>");
        svg.Append(c, $"<text x=\"{Width - Right}\" y=\"{Height - 8}\" text-anchor=\"end\" font-size=\"11\">{to:yyyy-MM-dd HH:mm} UTC</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// The value scale: it spans the normal values, the finite band edges and the expected values; an anomalous value is
    /// included when it lies within <see cref="Headroom"/> spans of that, so one huge spike does not squeeze the rest of
    /// the chart into a flat line — points beyond are drawn at the edge as triangles (their value in the tooltip).
    /// With no normal point the scale spans every value.
    /// </summary>
    internal static (double Min, double Max) Scale(IReadOnlyList<ChartPoint> points)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var p in points)
        {
            if (!p.Anomalous)
            {
                Widen(ref min, ref max, p.Value);
            }

            Widen(ref min, ref max, p.Expected);
            if (p.Lower is { } lower && p.Upper is { } upper)
            {
                Widen(ref min, ref max, lower);
                Widen(ref min, ref max, upper);
            }
        }

        if (!(max >= min))
        {
            foreach (var p in points)
            {
                Widen(ref min, ref max, p.Value);
            }
        }

        if (!(max >= min))
        {
            return (0, 1);
        }

        // A flat normal range has nothing to squeeze: every value sets the scale then.
        bool flat = max - min <= 1e-9 * Math.Max(1.0, Math.Max(Math.Abs(min), Math.Abs(max)));
        double floor = flat ? double.NegativeInfinity : min - (Headroom * (max - min));
        double ceiling = flat ? double.PositiveInfinity : max + (Headroom * (max - min));
        foreach (var p in points)
        {
            if (p.Anomalous && p.Value >= floor && p.Value <= ceiling)
            {
                Widen(ref min, ref max, p.Value);
            }
        }

        if (max - min <= 1e-9 * Math.Max(1.0, Math.Max(Math.Abs(min), Math.Abs(max))))
        {
            // Still flat: give the line some room.
            (min, max) = (min - 0.5, max + 0.5);
        }

        return (min, max);
    }

    /// <summary>How many spans of the normal range beyond it an anomalous point may lie and still set the scale.</summary>
    internal const double Headroom = 2.0;

    private static void Widen(ref double min, ref double max, double value)
    {
        if (double.IsFinite(value))
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
    }

    private static string Range(ChartPoint p, CultureInfo c) =>
        p.Lower is { } lower && p.Upper is { } upper ? string.Create(c, $", normal {lower:G6} to {upper:G6}") : string.Empty;
}
