using Correlator.Correlation.Rules;
using Correlator.Domain;

namespace Correlator.Correlation;

/// <summary>The recent status changes of one fingerprint, and whether it is flapping (changes held).</summary>
internal sealed class FlapTrack
{
    public Queue<DateTimeOffset> Changes { get; } = new();

    public bool Flapping { get; set; }

    /// <summary>The status its incident was last told, while flapping.</summary>
    public SignalStatus Shown { get; set; }

    public DateTimeOffset LastChange { get; set; }

    public FlappingRule? Rule { get; set; }
}
