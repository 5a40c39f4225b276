using System.Globalization;
using System.Text;

namespace Correlator.Service.Bench;

/// <summary>
/// A fixed synthetic alert stream (seeded), rendered once both as Alertmanager webhooks for Correlator
/// and as Alertmanager API v2 postable alerts, so both servers get the same alerts.
/// </summary>
internal static class AlertStream
{
    private static readonly string[] Names = ["HighLatency", "HTTP5xxRate", "DiskWillFill", "PodCrashLooping", "CPUThrottling", "MemoryPressure"];
    private static readonly string[] Severities = ["warning", "warning", "critical", "major", "info"];

    /// <summary>
    /// <paramref name="count"/> alerts over <paramref name="services"/> services, 50 ms apart: count / repeats
    /// distinct ones, each sent <paramref name="repeats"/> times in round-robin order, the way Prometheus
    /// re-sends every firing alert at each evaluation.
    /// </summary>
    public static List<BenchAlert> Create(int count, int services, DateTimeOffset start, int seed, int repeats = 1)
    {
        var random = new Random(seed);
        int distinct = Math.Max(1, count / Math.Max(1, repeats));
        var unique = new List<BenchAlert>(distinct);
        for (int i = 0; i < distinct; i++)
        {
            var service = "svc-" + random.Next(services).ToString(CultureInfo.InvariantCulture);
            var instance = $"{service}-{i.ToString(CultureInfo.InvariantCulture)}:9100";
            unique.Add(new BenchAlert(i.ToString("x16", CultureInfo.InvariantCulture), Names[random.Next(Names.Length)], service, instance, Severities[random.Next(Severities.Length)], start.AddMilliseconds(50.0 * i)));
        }

        var alerts = new List<BenchAlert>(count);
        for (int i = 0; i < count; i++)
        {
            alerts.Add(unique[i % distinct]);
        }

        return alerts;
    }

    /// <summary>Alertmanager webhook bodies (version 4), <paramref name="batch"/> alerts each.</summary>
    public static List<byte[]> Webhooks(IReadOnlyList<BenchAlert> alerts, int batch) => Render(alerts, batch, (text, chunk) =>
    {
        text.Append("{\"version\":\"4\",\"groupKey\":\"{}:{service=\\\"bench\\\"}\",\"truncatedAlerts\":0,\"status\":\"firing\",\"receiver\":\"correlator\",")
            .Append("\"groupLabels\":{},\"commonLabels\":{},\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[");
        AppendAlerts(text, chunk, webhook: true);
        text.Append("]}");
    });

    /// <summary>Alertmanager API v2 <c>postableAlerts</c> bodies, <paramref name="batch"/> alerts each.</summary>
    public static List<byte[]> PostableAlerts(IReadOnlyList<BenchAlert> alerts, int batch) => Render(alerts, batch, (text, chunk) =>
    {
        text.Append('[');
        AppendAlerts(text, chunk, webhook: false);
        text.Append(']');
    });

    private static List<byte[]> Render(IReadOnlyList<BenchAlert> alerts, int batch, Action<StringBuilder, ArraySegment<BenchAlert>> render)
    {
        var array = alerts.ToArray();
        var bodies = new List<byte[]>((alerts.Count + batch - 1) / batch);
        var text = new StringBuilder(512 * batch);
        for (int i = 0; i < array.Length; i += batch)
        {
            text.Clear();
            render(text, new ArraySegment<BenchAlert>(array, i, Math.Min(batch, array.Length - i)));
            bodies.Add(Encoding.UTF8.GetBytes(text.ToString()));
        }

        return bodies;
    }

    private static void AppendAlerts(StringBuilder text, ArraySegment<BenchAlert> chunk, bool webhook)
    {
        for (int i = 0; i < chunk.Count; i++)
        {
            var a = chunk[i];
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append('{');
            if (webhook)
            {
                text.Append("\"status\":\"firing\",\"fingerprint\":\"").Append(a.Fingerprint).Append("\",");
            }

            text.Append("\"labels\":{\"alertname\":\"").Append(a.Name).Append("\",\"service\":\"").Append(a.Service)
                .Append("\",\"instance\":\"").Append(a.Instance).Append("\",\"severity\":\"").Append(a.Severity).Append("\"},")
                .Append("\"annotations\":{\"summary\":\"").Append(a.Name).Append(" on ").Append(a.Instance).Append("\"},")
                .Append("\"startsAt\":\"").Append(Time(a.StartsAt)).Append("\",")
                .Append("\"endsAt\":\"").Append(webhook ? "0001-01-01T00:00:00Z" : Time(a.StartsAt.AddHours(24))).Append("\",")
                .Append("\"generatorURL\":\"http://prometheus:9090/graph\"}");
        }
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
