using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

/// <summary>A reproducible pseudo-random stream of alerts: repeats, clears, refires, redeliveries, quiet gaps long enough to resolve and close.</summary>
internal static class SignalStream
{
    private static readonly string?[] Services = ["checkout", "payments", "search", null];
    private static readonly string?[] Resources = ["web-1", "web-2", "db-1", "cache-1", "web-3", null];
    private static readonly string[] Names = ["HighLatency", "ErrorRate", "DiskFull"];

    /// <param name="lateSeconds">When above zero, one signal in four carries an event time up to this much earlier than the stream's clock.</param>
    public static IReadOnlyList<Signal> Generate(int seed, int count, int lateSeconds = 0)
    {
        var random = new Random(seed);
        var firing = new List<Signal>();
        var stream = new List<Signal>(count);
        int now = 0;
        for (int i = 0; i < count; i++)
        {
            now += random.Next(12) == 0 ? random.Next(300, 5_000) : random.Next(0, 60);
            int at = lateSeconds > 0 && random.Next(4) == 0 ? Math.Max(0, now - random.Next(1, lateSeconds + 1)) : now;
            var eventId = $"e-{i}";
            var roll = random.Next(20);
            if (roll == 0 && stream.Count > 0)
            {
                // A redelivery of something already sent.
                stream.Add(stream[random.Next(stream.Count)]);
            }
            else if (roll < 9 && firing.Count > 0)
            {
                var index = random.Next(firing.Count);
                stream.Add(Some.Resolved(firing[index], at) with { EventId = eventId });
                firing.RemoveAt(index);
            }
            else
            {
                var alert = Some.Alert(
                    name: Names[random.Next(Names.Length)],
                    service: Services[random.Next(Services.Length)],
                    resource: Resources[random.Next(Resources.Length)],
                    severity: (Severity)random.Next(5),
                    at: at) with { EventId = eventId };
                if (roll == 9)
                {
                    // A clear for a condition that may never have been seen firing.
                    stream.Add(alert with { Status = SignalStatus.Resolved, EndsAt = alert.EventTime });
                    firing.RemoveAll(f => f.Fingerprint == alert.Fingerprint);
                }
                else
                {
                    stream.Add(alert);
                    if (!firing.Exists(f => f.Fingerprint == alert.Fingerprint))
                    {
                        firing.Add(alert);
                    }
                }
            }
        }

        return stream;
    }
}
