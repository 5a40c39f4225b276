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
        double min = points.Min(p => Math.Min(p.Value, p.Lower));
        double max = points.Max(p => Math.Max(p.Value, p.Upper));
        if (max <= min)
        {
            max = min + 1;
        }

        double span = Math.Max((to - from).Ticks, 1);
        double X(DateTimeOffset t) => Left + ((t - from).Ticks / span * (Width - Left - Right));
        double Y(double v) => Top + ((max - v) / (max - min) * (Height - Top - Bottom));
        svg.Append(c, $"<desc id=\"{descId}\">{points.Count} points from {from:u} to {to:u}, values {min:G4} to {max:G4}; shaded: the expected band; {anomalies} anomalous point(s) marked in red.</desc>");

        // The band: upper edge left to right, lower edge back.
        var band = new StringBuilder();
        foreach (var p in points)
        {
            band.Append(c, $"{X(p.Time):F1},{Y(p.Upper):F1} ");
        }

        for (int i = points.Count - 1; i >= 0; i--)
        {
            band.Append(c, $"{X(points[i].Time):F1},{Y(points[i].Lower):F1} ");
        }

        svg.Append(c, $"<polygon class=\"band\" points=\"{band.ToString().TrimEnd()}\" fill=\"#9ecae1\" fill-opacity=\"0.45\" stroke=\"none\"><title>expected band</title></polygon>");
        var line = string.Join(' ', points.Select(p => string.Create(c, $"{X(p.Time):F1},{Y(p.Value):F1}")));
        svg.Append(c, $"<polyline class=\"value\" points=\"{line}\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"1.5\"/>");
        foreach (var p in points.Where(p => p.Anomalous))
        {
            svg.Append(c, $"<circle class=\"anomaly\" cx=\"{X(p.Time):F1}\" cy=\"{Y(p.Value):F1}\" r=\"4\" fill=\"#d62728\"><title>{p.Time:u}: {p.Value:G6} (expected {p.Expected:G6})</title></circle>");
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
}
