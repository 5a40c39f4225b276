using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Correlator.Service.Bench;

/// <summary>The messages of <c>bench kafka</c>: what Alertmanager and Telegraf put on their topics.</summary>
internal static class KafkaBenchPayloads
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Fields of Telegraf's <c>cpu</c> input: one metric of it is one message of its Kafka output.</summary>
    public static readonly string[] CpuFields =
        ["usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait", "usage_irq", "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice"];

    // Alertmanager's fingerprint is a 64-bit hash of the label set, so consecutive alerts land anywhere in the store's
    // fingerprint-keyed B-trees; n times an odd constant is as scattered and still one fingerprint per n. (It was n
    // itself, whose increasing keys only ever appended to those B-trees.)
    private const ulong FingerprintSpread = 0x9E3779B97F4A7C15UL;

    /// <summary>A realistic Alertmanager webhook (version 4) of one firing alert, unique to <paramref name="n"/>.</summary>
    public static byte[] Alert(int n)
    {
        // Written as UTF-8 straight into a stack buffer: the producer shares the two cores with the consumer it
        // measures, and a string of the payload plus its encoding was the largest allocation of the whole run.
        Span<byte> buffer = stackalloc byte[2048];
        if (!Utf8.TryWrite(buffer, CultureInfo.InvariantCulture, $$"""
            {"receiver":"correlator","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Alert{{n % 50}}","service":"svc-{{n % 200}}","instance":"pod-{{n}}:9100","job":"node","severity":"critical","namespace":"prod","cluster":"eu-west-1","team":"platform"},"annotations":{"summary":"Alert{{n % 50}} on pod-{{n}}","description":"Alert{{n % 50}} has been firing for more than 5 minutes on pod-{{n}} of svc-{{n % 200}}; see the runbook.","runbook_url":"https://runbooks.example.com/Alert{{n % 50}}"},"startsAt":"{{Start.AddMilliseconds(n):yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus-0:9090/graph?g0.expr=up%3D%3D0&g0.tab=1","fingerprint":"{{(ulong)n * FingerprintSpread:x16}}"}],"groupLabels":{"alertname":"Alert{{n % 50}}"},"commonLabels":{"alertname":"Alert{{n % 50}}","service":"svc-{{n % 200}}","severity":"critical"},"commonAnnotations":{},"externalURL":"http://alertmanager-0:9093","version":"4","groupKey":"{}:{alertname=\"Alert{{n % 50}}\"}","truncatedAlerts":0}
            """, out int written))
        {
            throw new InvalidOperationException("A bench alert payload does not fit in 2,048 bytes.");
        }

        return buffer[..written].ToArray();
    }

    /// <summary>
    /// One <c>cpu</c> metric in line protocol as Telegraf's Kafka output writes it (nanosecond timestamp), from
    /// one of <paramref name="hosts"/> hosts × 4 CPUs, every 10 s per series: 10 samples per message.
    /// </summary>
    public static byte[] Cpu(int n, int hosts)
    {
        int series = hosts * 4;
        int host = n % series / 4, cpu = n % 4;
        long ns = (Start.ToUnixTimeMilliseconds() + ((long)(n / series) * 10_000)) * 1_000_000;
        var text = new StringBuilder(360);
        text.Append(CultureInfo.InvariantCulture, $"cpu,cpu=cpu{cpu},host=host-{host},service=svc-{host % 200} ");
        for (int f = 0; f < CpuFields.Length; f++)
        {
            // Deterministic, bounded, slightly varying values (no anomaly storm).
            double value = 5 + ((n * 7 + f * 13) % 100 / 10.0);
            text.Append(f == 0 ? "" : ",").Append(CpuFields[f]).Append('=').Append(value.ToString("0.###", CultureInfo.InvariantCulture));
        }

        text.Append(' ').Append(ns.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
