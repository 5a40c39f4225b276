using System.Text;
using System.Text.Json.Nodes;

namespace Correlator.Ingestion.Tests.TestData;

/// <summary>Webhook bodies as Prometheus Alertmanager 0.25 sends them, and ways to break them one field at a time.</summary>
internal static class AlertmanagerPayloads
{
    /// <summary>
    /// Captured verbatim from prometheus-alertmanager 0.25.0 (Debian) posting to a webhook receiver, with
    /// group_by [service]: two firing alerts and one resolved one in a single notification group. Note that
    /// 0.25 sends firing alerts with the zero endsAt and escapes '&amp;' in URLs as \u0026.
    /// </summary>
    public const string Grouped = """
{"receiver":"hook","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"HighLatency","instance":"web-1:9100","job":"node","service":"checkout","severity":"critical"},"annotations":{"runbook_url":"https://runbooks.example.com/HighLatency","summary":"p99 latency above 2s on web-1"},"startsAt":"2026-11-24T17:30:40.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.example.com:9090/graph?g0.expr=histogram_quantile%280.99%2C+rate%28http_request_duration_seconds_bucket%5B5m%5D%29%29+%3E+2\u0026g0.tab=1","fingerprint":"91841c8892d8f5f5"},{"status":"firing","labels":{"alertname":"HighLatency","instance":"web-2:9100","job":"node","service":"checkout","severity":"critical"},"annotations":{"summary":"p99 latency above 2s on web-2"},"startsAt":"2026-11-24T17:30:40.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.example.com:9090/graph?g0.expr=histogram_quantile%280.99%2C+rate%28http_request_duration_seconds_bucket%5B5m%5D%29%29+%3E+2\u0026g0.tab=1","fingerprint":"788679b44e394844"},{"status":"resolved","labels":{"alertname":"PodCrashLooping","namespace":"shop","pod":"checkout-7d9f8b6c5-x2kqp","service":"checkout","severity":"warning"},"annotations":{"description":"Pod shop/checkout-7d9f8b6c5-x2kqp restarted 5 times in 10 minutes"},"startsAt":"2026-11-24T17:25:40Z","endsAt":"2026-11-24T17:34:40.5Z","generatorURL":"http://prometheus.example.com:9090/graph?g0.expr=increase%28kube_pod_container_status_restarts_total%5B10m%5D%29+%3E+3\u0026g0.tab=1","fingerprint":"0c115ede0337a2bc"}],"groupLabels":{"service":"checkout"},"commonLabels":{"service":"checkout"},"commonAnnotations":{},"externalURL":"http://vm:19093","version":"4","groupKey":"{}:{service=\"checkout\"}","truncatedAlerts":0}

""";

    /// <summary>A second capture: one firing alert, posted to Alertmanager with an endsAt in the future.</summary>
    public const string SingleFiring = """
{"receiver":"hook","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"ErrorBudgetBurn","job":"payments-api","service":"payments","severity":"major"},"annotations":{"summary":"payments burns its error budget 14x"},"startsAt":"2026-11-24T17:33:50.25Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.example.com:9090/graph?g0.expr=slo%3Aburn_rate%3A1h+%3E+14\u0026g0.tab=1","fingerprint":"6b628d1702d92161"}],"groupLabels":{"service":"payments"},"commonLabels":{"alertname":"ErrorBudgetBurn","job":"payments-api","service":"payments","severity":"major"},"commonAnnotations":{"summary":"payments burns its error budget 14x"},"externalURL":"http://vm:19093","version":"4","groupKey":"{}:{service=\"payments\"}","truncatedAlerts":0}

""";

    public static ReadOnlyMemory<byte> Bytes(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>The grouped payload with one change applied, e.g. a field removed or replaced.</summary>
    public static ReadOnlyMemory<byte> GroupedWith(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(Grouped)!;
        change(root);
        return Bytes(root.ToJsonString());
    }

    public static JsonObject Alert(JsonNode root, int index) => root["alerts"]![index]!.AsObject();

    public static JsonObject Labels(JsonNode root, int index) => Alert(root, index)["labels"]!.AsObject();
}
