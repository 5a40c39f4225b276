namespace Correlator.Correlation.Learning;

/// <summary>
/// Settings of <see cref="TopologicalHawkesLearner"/>: the time grid, the excitation kernel, how far along the topology
/// an onset excites, the BIC penalty of the structure search and the bounds on what it keeps in memory.
/// </summary>
public sealed record HawkesSettings
{
    /// <summary>Width of a time bin: onsets in the same bin are simultaneous.</summary>
    public TimeSpan Resolution { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time constant of the exponential kernel: an onset excites with weight exp(-lag / Decay).</summary>
    public TimeSpan Decay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>An onset excites its own component (hop 0) and components up to this many topology links away, each hop with its own weight.</summary>
    public int Hops { get; init; } = 1;

    /// <summary>Multiplier of the BIC penalty (parameters × ln(onsets) / 2) an edge must beat to be kept.</summary>
    public double Penalty { get; init; } = 1.0;

    /// <summary>Whether onsets in the same bin may excite each other (both ways); otherwise only earlier bins count.</summary>
    public bool Simultaneous { get; init; } = true;

    /// <summary>Whether each type has its own baseline rate on each component (otherwise one rate for all components).</summary>
    public bool ComponentBaseline { get; init; }

    /// <summary>Whether each type also excites itself (bursts of one alarm), so bursts are not credited to other types. Never reported as an edge.</summary>
    public bool SelfExcitation { get; init; } = true;

    /// <summary>The newest onsets kept for learning; older ones are dropped (memory is about MaxEvents × MaxTypes × (Hops + 1) × 4 bytes while learning).</summary>
    public int MaxEvents { get; init; } = 100_000;

    /// <summary>The most frequent types learnt over; onsets of rarer types are left out of a fit.</summary>
    public int MaxTypes { get; init; } = 64;

    /// <summary>Most EM iterations per fitted parent set (a fit stops earlier once the likelihood stops rising).</summary>
    public int Iterations { get; init; } = 50;

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Check(Resolution > TimeSpan.Zero, nameof(Resolution), Resolution, "must be positive");
        Check(Decay >= Resolution, nameof(Decay), Decay, "must be at least Resolution");
        Check(Hops is >= 0 and <= 8, nameof(Hops), Hops, "must be 0 to 8");
        Check(Penalty >= 0 && double.IsFinite(Penalty), nameof(Penalty), Penalty, "must be a finite number >= 0");
        Check(MaxEvents is >= 2 and <= 10_000_000, nameof(MaxEvents), MaxEvents, "must be 2 to 10,000,000");
        Check(MaxTypes is >= 2 and <= 1_000, nameof(MaxTypes), MaxTypes, "must be 2 to 1,000");
        Check(Iterations is >= 1 and <= 10_000, nameof(Iterations), Iterations, "must be 1 to 10,000");
    }

    private static void Check(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"HawkesSettings.{name} {rule}.");
        }
    }
}
