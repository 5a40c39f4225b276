using System.Globalization;
using System.Net;
using System.Text;

namespace Correlator.Incidents;

/// <summary>Renders a review report as one self-contained HTML page: tables and inline SVG bar charts, no scripts, no CDN.</summary>
public static class ReviewReportHtml
{
    private const int MaxBars = 15;

    /// <summary>How every figure is written, so the page shows exactly the numbers the JSON has (rounded to 2 decimals).</summary>
    public static string Figure(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "n/a";

    public static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

    public static string Render(ReviewReport report) => Render(report, interactive: false);

    /// <summary>
    /// The report; <paramref name="interactive"/> adds a way back to the other pages and a form to choose the
    /// period (both left out when printed: the print stylesheet keeps the figures and charts only).
    /// </summary>
    public static string Render(ReviewReport report, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        var period = $"{report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}";
        Head(html, "Incident review " + period);
        if (interactive)
        {
            Nav(html);
        }

        html.Append("<h1>Incident review ").Append(E(period)).Append("</h1>");
        if (interactive)
        {
            PeriodForm(html, Local(report.From), Local(report.To), null);
        }

        Kpi(html, "Incidents", report.Incidents.ToString(CultureInfo.InvariantCulture));
        Kpi(html, "MTTA (minutes)", Figure(report.MttaMinutes));
        Kpi(html, "MTTR (hours)", Figure(report.MttrHours));
        Kpi(html, "SLA attainment", Percent(report.SlaAttainment));
        Kpi(html, "Reopen rate", Percent(report.ReopenRate));
        Kpi(html, "Problems opened", report.ProblemsOpened.ToString(CultureInfo.InvariantCulture));
        Kpi(html, "Problems proposed", report.ProblemsProposed.ToString(CultureInfo.InvariantCulture));
        Chart(html, "Volume by priority", report.ByPriority);
        Chart(html, "Volume by service", report.ByService);
        Chart(html, "Volume by resolver group", report.ByGroup);
        html.Append("<h2>SLA by priority</h2><table><tr><th>priority</th><th>measured</th><th>met</th><th>attainment</th><th>MTTR (hours)</th></tr>");
        foreach (var row in report.SlaByPriority)
        {
            html.Append("<tr><td>").Append(E(row.Key)).Append("</td><td>").Append(row.Measured).Append("</td><td>").Append(row.Met)
                .Append("</td><td>").Append(Percent(row.Attainment)).Append("</td><td>").Append(Figure(row.MttrHours)).Append("</td></tr>");
        }

        html.Append("</table>");
        Chart(html, "SLA attainment by priority (%)", [.. report.SlaByPriority.Where(r => r.Attainment is not null).Select(r => new CountRow(r.Key, (int)Math.Round(r.Attainment!.Value * 100)))]);
        Chart(html, "SLA attainment by service (%)", [.. report.SlaByService.Where(r => r.Attainment is not null).Select(r => new CountRow(r.Key, (int)Math.Round(r.Attainment!.Value * 100)))]);
        Chart(html, "SLA attainment by group (%)", [.. report.SlaByGroup.Where(r => r.Attainment is not null).Select(r => new CountRow(r.Key, (int)Math.Round(r.Attainment!.Value * 100)))]);
        html.Append("<h2>Top recurring patterns</h2><table><tr><th>problem</th><th>signature</th><th>incidents</th><th>state</th><th>downtime (hours)</th></tr>");
        foreach (var row in report.TopPatterns)
        {
            html.Append("<tr><td>").Append(row.ProblemId).Append("</td><td>").Append(E(row.Signature)).Append("</td><td>").Append(row.Incidents)
                .Append("</td><td>").Append(E(row.State)).Append("</td><td>").Append(Figure(row.DowntimeHours)).Append("</td></tr>");
        }

        html.Append("</table>");
        if (report.NoiseStages.Count > 0)
        {
            html.Append("<h2>Noise reduction per stage</h2><p>From the correlation pipeline's counters since the service started (they are not kept per period).</p><table class=\"noise\"><tr><th>stage</th><th>in</th><th>removed</th><th>out</th><th>reduction</th></tr>");
            foreach (var row in report.NoiseStages)
            {
                html.Append("<tr><td>").Append(E(row.Stage)).Append("</td><td>").Append(row.In).Append("</td><td>").Append(row.Removed)
                    .Append("</td><td>").Append(row.Out).Append("</td><td>").Append(Percent(row.Reduction)).Append("</td></tr>");
            }

            html.Append("</table>");
            Chart(html, "Signals left after each stage", [.. report.NoiseStages.Take(1).Select(r => new CountRow("received", (int)Math.Min(int.MaxValue, r.In)))
                .Concat(report.NoiseStages.Select(r => new CountRow(r.Stage, (int)Math.Min(int.MaxValue, r.Out))))]);
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>
    /// The page for a period that cannot be shown (unparsable time, from not before to, too many incidents): the
    /// period form again with what was typed, and in plain words which field is wrong and why.
    /// </summary>
    public static string RenderInvalid(string? from, string? to, string field, string message)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(message);
        var html = new StringBuilder();
        Head(html, "Incident review: the period is not valid");
        Nav(html);
        html.Append("<h1>Incident review</h1>");
        html.Append("<p class=\"period-error\" role=\"alert\" id=\"period-error\">The period is not valid. <strong>").Append(E(Label(field)))
            .Append("</strong>: ").Append(E(message)).Append("</p>");
        PeriodForm(html, from ?? "", to ?? "", field);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string Label(string field) => field switch
    {
        "from" => "From (UTC)",
        "to" => "To (UTC)",
        _ => field,
    };

    private static void Head(StringBuilder html, string title) =>
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(E(title)).Append("</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;color:#222;background:#fff}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
            .Append(".kpi{display:inline-block;margin:0 2em 1em 0}.kpi b{display:block;font-size:1.6em}svg text{font-size:12px}")
            .Append("nav.top a{margin-right:1em}form.period{margin:1em 0;display:flex;gap:1em;align-items:end;flex-wrap:wrap}form.period label{display:flex;flex-direction:column}")
            .Append(".period-error{color:#a40000;font-weight:bold}input[aria-invalid=true]{border:2px solid #a40000}")
            .Append("a:focus-visible,input:focus-visible,button:focus-visible{outline:3px solid #1a4d8f;outline-offset:2px}")
            .Append("@media print{nav.top,form.period{display:none}body{margin:0;color:#000}h2{break-after:avoid}svg,table{break-inside:avoid}}")
            .Append("</style></head><body>");

    private static void Nav(StringBuilder html) =>
        html.Append("<nav class=\"top\" aria-label=\"Main\"><a href=\"/incidents\">Incidents</a><a href=\"/problems\">Problems</a><a href=\"/critical\">Critical</a><a href=\"/review\" aria-current=\"page\">Review report</a></nav>");

    /// <summary>The period form with these values; the field named by <paramref name="invalid"/> is marked invalid and points at the error.</summary>
    private static void PeriodForm(StringBuilder html, string from, string to, string? invalid)
    {
        html.Append("<form class=\"period\" method=\"get\" action=\"/review\">");
        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
        {
            html.Append("<label for=\"period-").Append(name).Append("\">").Append(Label(name)).Append("<input id=\"period-").Append(name).Append("\" name=\"").Append(name)
                .Append("\" type=\"datetime-local\" required value=\"").Append(E(value)).Append('"');
            if (invalid == name)
            {
                html.Append(" aria-invalid=\"true\" aria-describedby=\"period-error\"");
            }

            html.Append("></label>");
        }

        html.Append("<button type=\"submit\">Show this period</button> <a href=\"/review\">Last 7 days</a></form>");
    }

    private static string Local(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static void Kpi(StringBuilder html, string name, string value) =>
        html.Append("<div class=\"kpi\">").Append(E(name)).Append("<b>").Append(E(value)).Append("</b></div>");

    private static void Chart(StringBuilder html, string title, IReadOnlyList<CountRow> rows)
    {
        html.Append("<h2>").Append(E(title)).Append("</h2>");
        var shown = rows.Take(MaxBars).ToList();
        int max = Math.Max(1, shown.Count == 0 ? 1 : shown.Max(r => r.Count));
        int height = 22 * Math.Max(1, shown.Count);
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"{height}\" role=\"img\" aria-label=\"{E(title)}\">");
        for (int i = 0; i < shown.Count; i++)
        {
            int width = (int)Math.Round(400.0 * shown[i].Count / max);
            int y = i * 22;
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 15}\">{E(Short(shown[i].Key))}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"180\" y=\"{y + 3}\" width=\"{width}\" height=\"16\" fill=\"#4a78b5\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{186 + width}\" y=\"{y + 15}\">{shown[i].Count}</text>");
        }

        html.Append("</svg>");
        if (rows.Count > MaxBars)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>and {rows.Count - MaxBars} more.</p>");
        }
    }

    private static string Short(string text) => text.Length > 26 ? text[..25] + "…" : text;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
