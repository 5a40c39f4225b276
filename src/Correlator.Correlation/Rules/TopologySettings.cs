namespace Correlator.Correlation.Rules;

/// <summary>
/// Topology correlation: a newly firing signal on a component within <see cref="Hops"/> hops of a component of
/// an active incident that saw a signal within <see cref="Window"/> joins that incident. Off when
/// <see cref="Enabled"/> is false.
/// </summary>
public sealed record TopologySettings(bool Enabled, int Hops, TimeSpan Window)
{
    public static TopologySettings Off { get; } = new(false, 0, TimeSpan.Zero);
}
