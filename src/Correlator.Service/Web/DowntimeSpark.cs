using System.Globalization;
using System.Text;
using Correlator.Storage;

namespace Correlator.Service.Web;

/// <summary>
/// A small inline SVG of a recurring pattern's incidents (the problems list): one bar per incident at its opening
/// time, as tall as its downtime, on the span from the first to the last one. No script, no external file.
/// </summary>
internal static class DowntimeSpark
{
    public const double Width = 160;
    public const double Height = 36;

    public static string ToSvg(IReadOnlyList<IncidentSpan> incidents, string label)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var svg = new StringBuilder(256 + (incidents.Count * 120));
        svg.Append("<svg class=\"spark downtime\" role=\"img\" aria-label=\"").Append(System.Net.WebUtility.HtmlEncode(label))
            .Append("\" width=\"").Append(N(Width)).Append("\" height=\"").Append(N(Height)).Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(Height)).Append("\">")
            .Append("<line class=\"tick\" x1=\"0\" y1=\"").Append(N(Height - 1)).Append("\" x2=\"").Append(N(Width)).Append("\" y2=\"").Append(N(Height - 1)).Append("\"/>");
        if (incidents.Count > 0)
        {
            var from = incidents.Min(i => i.OpenedAt);
            var span = Math.Max(1, (incidents.Max(i => i.OpenedAt) - from).TotalSeconds);
            var maxHours = Math.Max(1.0 / 60, incidents.Max(i => i.Downtime.TotalHours));
            foreach (var i in incidents)
            {
                var x = (i.OpenedAt - from).TotalSeconds / span * (Width - 5);
                var h = Math.Max(2, i.Downtime.TotalHours / maxHours * (Height - 4));
                svg.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(Height - 1 - h)).Append("\" width=\"4\" height=\"").Append(N(h)).Append("\"><title>")
                    .Append(System.Net.WebUtility.HtmlEncode($"#{i.Id} {PageFormat.Time(i.OpenedAt)}: {PageFormat.Duration(i.Downtime)}")).Append("</title></rect>");
            }
        }

        return svg.Append("</svg>").ToString();
    }
}
