using Correlator.Domain;

namespace Correlator.Correlation;

/// <summary>The engine's working state of one incident that is not yet closed.</summary>
internal sealed class IncidentTrack(Incident incident)
{
    public Incident Incident { get; set; } = incident;

    /// <summary>Linked signals whose current life is firing.</summary>
    public int Firing { get; set; }

    /// <summary>When the last firing signal resolved, while none fires.</summary>
    public DateTimeOffset? QuietSince { get; set; }

    public HashSet<string> Resources { get; } = new(StringComparer.Ordinal);

    /// <summary>The rule text for signals that join, built once per incident rather than per signal.</summary>
    public string? JoinRule { get; set; }
}
