using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Correlator.Service.Bench;

/// <summary>
/// Sends single-alert webhooks at a fixed rate (open loop: the schedule does not wait for answers) and
/// measures, per alert, the time until it was accepted and until its incident was visible in the API.
/// </summary>
internal static class LatencyProbe
{
    /// <summary>
    /// What the probe saw; <paramref name="Polls"/> counts the incident reads it sent, all alerts together;
    /// <paramref name="AcceptedWindows"/> holds each accepted alert's send and answer (<see cref="Stopwatch"/> timestamps), unordered;
    /// <paramref name="Alerts"/> every sent alert's schedule and timestamps, in sending order.
    /// </summary>
    public sealed record Result(int Sent, int Failed, TimeSpan Elapsed, double[] AcceptedMs, double[] VisibleMs, long Polls, (long Start, long End)[] AcceptedWindows, AlertTiming[] Alerts);

    /// <summary>
    /// One alert of the probe (<see cref="Stopwatch"/> timestamps): when the open-loop schedule wanted it sent (<paramref name="Due"/>),
    /// when its request started (<paramref name="Start"/>), when it was accepted and when its incident was visible (0: not).
    /// </summary>
    public readonly record struct AlertTiming(long Due, long Start, long Accepted, long Visible);

    /// <param name="pollInterval">Pause between two reads of one alert's incident; zero reads again at once.</param>
    public static async Task<Result> RunAsync(HttpClient client, Uri baseAddress, IReadOnlyList<BenchAlert> alerts, IReadOnlyList<byte[]> bodies, int ratePerSecond, TimeSpan pollInterval, TimeProvider clock, CancellationToken cancellationToken)
    {
        long polls = 0;
        var accepted = new ConcurrentBag<(long Start, long End)>();
        var visible = new ConcurrentBag<double>();
        var running = new List<Task>(bodies.Count);
        var timings = new AlertTiming[bodies.Count];
        int failed = 0, sent = 0;
        var watch = Stopwatch.StartNew();
        long origin = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5), clock);
        while (sent < bodies.Count && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            // Send what the schedule says should be out by now, so a slow tick is caught up, not skipped.
            var due = Math.Min(bodies.Count, (int)(watch.Elapsed.TotalSeconds * ratePerSecond));
            for (; sent < due; sent++)
            {
                int i = sent;
                long dueAt = origin + (long)(i * (double)Stopwatch.Frequency / ratePerSecond);
                running.Add(Task.Run(async () =>
                {
                    if (!await MeasureAsync(client, baseAddress, alerts[i].Fingerprint, bodies[i], new Sinks(accepted, visible, timings, i, dueAt), pollInterval, () => Interlocked.Increment(ref polls), clock, cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref failed);
                    }
                }, cancellationToken));
            }
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        (long Start, long End)[] windows = [.. accepted];
        return new Result(sent, failed, watch.Elapsed, [.. windows.Select(w => Stopwatch.GetElapsedTime(w.Start, w.End).TotalMilliseconds).Order()], [.. visible.Order()], Interlocked.Read(ref polls), windows, timings[..sent]);
    }

    private static async Task<bool> MeasureAsync(HttpClient client, Uri baseAddress, string fingerprint, byte[] body, Sinks sinks, TimeSpan pollInterval, Action polled, TimeProvider clock, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var (accepted, visible, timings, index, due) = sinks;
        timings[index] = new AlertTiming(due, start, 0, 0);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using (var response = await client.PostAsync(new Uri(baseAddress, "ingest/alertmanager"), content, cancellationToken).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }
        }

        long acceptedAt = Stopwatch.GetTimestamp();
        accepted.Add((start, acceptedAt));
        timings[index] = new AlertTiming(due, start, acceptedAt, 0);
        var query = new Uri(baseAddress, "api/incidents?limit=1&fingerprint=" + fingerprint);
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            if (attempt > 0 && pollInterval > TimeSpan.Zero)
            {
                await Task.Delay(pollInterval, clock, cancellationToken).ConfigureAwait(false);
            }

            polled();
            using var response = await client.GetAsync(query, cancellationToken).ConfigureAwait(false);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            if (page.RootElement.GetProperty("total").GetInt32() > 0)
            {
                long seen = Stopwatch.GetTimestamp();
                visible.Add(Stopwatch.GetElapsedTime(start, seen).TotalMilliseconds);
                timings[index] = new AlertTiming(due, start, acceptedAt, seen);
                return true;
            }
        }

        return false;
    }

    /// <summary>Where one alert's task records what it saw, and which alert it is.</summary>
    private readonly record struct Sinks(ConcurrentBag<(long Start, long End)> Accepted, ConcurrentBag<double> Visible, AlertTiming[] Timings, int Index, long Due);

    /// <summary>The value at quantile <paramref name="p"/> of an ascending array (nearest rank); NaN when empty.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
