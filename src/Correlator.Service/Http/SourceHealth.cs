using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Correlator.Service.Http;

/// <summary>The state of one pulled source (an InfluxDB watch set, for instance) as /health shows it.</summary>
public sealed record SourceHealthDto(string Name, string State, DateTimeOffset? LastSuccessAt, string? LastError, long Failures);

/// <summary>
/// The states of the sources the service pulls from. A source that cannot be reached is "degraded": the
/// service itself stays healthy (200) and keeps retrying, and /health and /metrics say which source is down.
/// </summary>
internal sealed class SourceHealth : IMetricsSection
{
    private readonly ConcurrentDictionary<string, Entry> _sources = new(StringComparer.Ordinal);

    public void Up(string source, DateTimeOffset at)
    {
        var entry = _sources.GetOrAdd(source, static _ => new Entry());
        lock (entry)
        {
            entry.Up = true;
            entry.LastSuccessAt = at;
            entry.LastError = null;
        }
    }

    public void Down(string source, string error)
    {
        var entry = _sources.GetOrAdd(source, static _ => new Entry());
        lock (entry)
        {
            entry.Up = false;
            entry.LastError = error;
            entry.Failures++;
        }
    }

    public IReadOnlyList<SourceHealthDto> Snapshot() =>
        [.. _sources.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
        {
            lock (p.Value)
            {
                return new SourceHealthDto(p.Key, p.Value.Up ? "up" : "degraded", p.Value.LastSuccessAt, p.Value.LastError, p.Value.Failures);
            }
        })];

    public void Render(StringBuilder text)
    {
        var sources = Snapshot();
        text.Append("# HELP correlator_source_up 1 when the last attempt to read the source succeeded, 0 while it is degraded.\n# TYPE correlator_source_up gauge\n");
        foreach (var source in sources)
        {
            text.Append("correlator_source_up{source=\"").Append(Escape(source.Name)).Append("\"} ").Append(source.State == "up" ? '1' : '0').Append('\n');
        }

        text.Append("# HELP correlator_source_failures_total Failed attempts to read the source.\n# TYPE correlator_source_failures_total counter\n");
        foreach (var source in sources)
        {
            text.Append("correlator_source_failures_total{source=\"").Append(Escape(source.Name)).Append("\"} ")
                .Append(source.Failures.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private sealed class Entry
    {
        public bool Up { get; set; }

        public DateTimeOffset? LastSuccessAt { get; set; }

        public string? LastError { get; set; }

        public long Failures { get; set; }
    }
}
