namespace Correlator.Prediction;

/// <summary>
/// How close each service is to the users: call hops from the user entry points along the call graph
/// (caller → callee). Criticality is 1 / (1 + hops); a service the graph does not know has criticality 0.
/// </summary>
public sealed class ServiceCriticality
{
    /// <summary>Hops reported for a service the graph does not reach.</summary>
    public const int UnknownHops = 10;

    private readonly Dictionary<string, int> _hops;

    private ServiceCriticality(Dictionary<string, int> hops) => _hops = hops;

    public static ServiceCriticality None { get; } = new(new Dictionary<string, int>(StringComparer.Ordinal));

    /// <summary>Breadth-first from the entry services over the calls.</summary>
    public static ServiceCriticality FromCalls(IEnumerable<(string Caller, string Callee)> calls, IEnumerable<string> entryServices)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(entryServices);
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (caller, callee) in calls)
        {
            if (!edges.TryGetValue(caller, out var list))
            {
                edges[caller] = list = [];
            }

            list.Add(callee);
        }

        var hops = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var entry in entryServices)
        {
            if (hops.TryAdd(entry, 0))
            {
                queue.Enqueue(entry);
            }
        }

        while (queue.TryDequeue(out var service))
        {
            foreach (var callee in edges.GetValueOrDefault(service) ?? [])
            {
                if (hops.TryAdd(callee, hops[service] + 1))
                {
                    queue.Enqueue(callee);
                }
            }
        }

        return new ServiceCriticality(hops);
    }

    public int Hops(string? service) => service is not null && _hops.TryGetValue(service, out var h) ? Math.Min(h, UnknownHops) : UnknownHops;

    public double Criticality(string? service) => service is not null && _hops.TryGetValue(service, out var h) ? 1.0 / (1 + h) : 0;
}
