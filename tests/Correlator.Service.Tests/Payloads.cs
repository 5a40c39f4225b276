using System.Globalization;
using System.Text.Json;

namespace Correlator.Service.Tests;

/// <summary>Request bodies as the real tools send them.</summary>
internal static class Payloads
{
    /// <summary>An Alertmanager 0.25 webhook (version 4) holding the given alerts.</summary>
    public static string Alertmanager(params (string Name, string Service, string Instance, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string Severity)[] alerts)
    {
        var items = alerts.Select(a => new Dictionary<string, object>
        {
            ["status"] = a.EndsAt is null ? "firing" : "resolved",
            ["labels"] = new Dictionary<string, string> { ["alertname"] = a.Name, ["service"] = a.Service, ["instance"] = a.Instance, ["severity"] = a.Severity },
            ["annotations"] = new Dictionary<string, string> { ["summary"] = $"{a.Name} on {a.Instance}" },
            ["startsAt"] = Time(a.StartsAt),
            ["endsAt"] = a.EndsAt is { } end ? Time(end) : "0001-01-01T00:00:00Z",
            ["generatorURL"] = "http://prometheus:9090/graph",
        }).ToList();
        var payload = new Dictionary<string, object>
        {
            ["version"] = "4",
            ["groupKey"] = "{}:{alertname=\"test\"}",
            ["truncatedAlerts"] = 0,
            ["status"] = items.Any(i => (string)i["status"] == "firing") ? "firing" : "resolved",
            ["receiver"] = "correlator",
            ["groupLabels"] = new Dictionary<string, string>(),
            ["commonLabels"] = new Dictionary<string, string>(),
            ["commonAnnotations"] = new Dictionary<string, string>(),
            ["externalURL"] = "http://alertmanager:9093",
            ["alerts"] = items,
        };
        return JsonSerializer.Serialize(payload);
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
