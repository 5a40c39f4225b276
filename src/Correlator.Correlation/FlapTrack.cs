using Correlator.Correlation.Rules;

namespace Correlator.Correlation;

/// <summary>The recent status changes of one fingerprint, and whether it is flapping (changes held).</summary>
internal sealed class FlapTrack
{
    public Queue<DateTimeOffset> Changes { get; } = new();

    public bool Flapping { get; set; }

    public DateTimeOffset LastChange { get; set; }

    public FlappingRule? Rule { get; set; }
}
