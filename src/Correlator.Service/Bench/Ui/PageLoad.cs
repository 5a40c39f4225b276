using System.Text.Json.Nodes;

namespace Correlator.Service.Bench.Ui;

/// <summary>
/// One page load as the browser timed it (milliseconds from navigation start, the Performance API's time
/// origin), with what the page showed so the bench can check it measured the page it meant to.
/// </summary>
internal sealed record PageLoad(
    int Status,
    double? FirstContentfulPaintMs,
    double DomContentLoadedMs,
    double ResponseStartMs,
    long TransferBytes,
    long BodyBytes,
    int Elements,
    int Rows,
    int Total,
    string? Heading)
{
    /// <summary>
    /// Waits (at most 5 s) for the first-contentful-paint entry, then reads the navigation entry. FCP is
    /// "first render": the first time the browser paints text or an image of the page.
    /// </summary>
    public const string Script = """
        new Promise(resolve => {
          const read = () => {
            const nav = performance.getEntriesByType('navigation')[0];
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            const total = document.getElementById('total');
            resolve({
              status: nav.responseStatus, fcp: fcp ? fcp.startTime : null, dcl: nav.domContentLoadedEventEnd,
              ttfb: nav.responseStart, transfer: nav.transferSize, body: nav.decodedBodySize,
              elements: document.getElementsByTagName('*').length,
              rows: document.querySelectorAll('table.incidents tbody tr').length,
              total: total ? parseInt(total.textContent.replace(/[^0-9]/g, ''), 10) : -1,
              heading: document.querySelector('h1') ? document.querySelector('h1').textContent : null });
          };
          if (performance.getEntriesByName('first-contentful-paint').length) { read(); return; }
          new PerformanceObserver((list, observer) => { observer.disconnect(); read(); }).observe({ type: 'paint', buffered: true });
          setTimeout(read, 5000);
        })
        """;

    public static PageLoad From(JsonNode value) => new(
        (int)Number(value, "status"),
        value["fcp"] is null ? null : Number(value, "fcp"),
        Number(value, "dcl"),
        Number(value, "ttfb"),
        (long)Number(value, "transfer"),
        (long)Number(value, "body"),
        (int)Number(value, "elements"),
        (int)Number(value, "rows"),
        (int)Number(value, "total"),
        value["heading"]?.GetValue<string>());

    private static double Number(JsonNode value, string name) =>
        value[name]?.GetValue<double>() ?? throw new InvalidOperationException($"The page's timings lack '{name}'.");
}
