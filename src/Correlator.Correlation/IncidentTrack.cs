using Correlator.Correlation.Rules;
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

    /// <summary>Resources and services of its signals: the components topology correlation looks for.</summary>
    public HashSet<string> Components { get; } = new(StringComparer.Ordinal);

    /// <summary>The rule text for signals that join, built once per incident rather than per signal.</summary>
    public string? JoinRule { get; set; }

    /// <summary>The grouping rule that opened it; null for the default grouping by <c>Correlation:GroupBy</c>.</summary>
    public GroupingRule? Rule { get; set; }

    /// <summary>Whether the lifetime cap was already noted in its timeline.</summary>
    public bool CapNoted { get; set; }
}
