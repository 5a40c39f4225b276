using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Correlator.Service.Http;

/// <summary>Counters of the ingestion edge: signals accepted per source, requests rejected per endpoint and reason.</summary>
internal sealed class IngestMetrics
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _accepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Endpoint, int Status), StrongBox<long>> _rejected = new();

    public void Accepted(string source, int count) =>
        Interlocked.Add(ref _accepted.GetOrAdd(source, static _ => new StrongBox<long>()).Value, count);

    public void Rejected(string endpoint, int status) =>
        Interlocked.Increment(ref _rejected.GetOrAdd((endpoint, status), static _ => new StrongBox<long>()).Value);

    public IEnumerable<KeyValuePair<string, long>> AcceptedBySource() =>
        _accepted.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Interlocked.Read(ref p.Value.Value)));

    public IEnumerable<(string Endpoint, int Status, long Count)> RejectedByReason() =>
        _rejected.OrderBy(p => p.Key.Endpoint, StringComparer.Ordinal).ThenBy(p => p.Key.Status)
            .Select(p => (p.Key.Endpoint, p.Key.Status, Interlocked.Read(ref p.Value.Value)));
}
