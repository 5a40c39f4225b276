using System.Runtime.InteropServices;
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

    /// <summary>
    /// Resources and services of its signals: the components topology correlation looks for, each marked as a resource
    /// of a signal, a service, or both (one set for both roles: a new signal's resource is hashed and stored once).
    /// </summary>
    public Dictionary<string, ComponentRoles> Components { get; } = new(StringComparer.Ordinal);

    /// <summary>How many distinct resources its signals are on (the impact of the assessment).</summary>
    public int ResourceCount { get; private set; }

    /// <summary>Marks <paramref name="component"/> in <paramref name="role"/>; whether it is new to the incident in any role.</summary>
    public bool AddComponent(string component, ComponentRoles role)
    {
        ref var roles = ref CollectionsMarshal.GetValueRefOrAddDefault(Components, component, out bool known);
        if (role == ComponentRoles.Resource && (roles & ComponentRoles.Resource) == 0)
        {
            ResourceCount++;
        }

        roles |= role;
        return !known;
    }

    /// <summary>The rule text for signals that join, built once per incident rather than per signal.</summary>
    public string? JoinRule { get; set; }

    /// <summary>The grouping rule that opened it; null for the default grouping by <c>Correlation:GroupBy</c>.</summary>
    public GroupingRule? Rule { get; set; }

    /// <summary>Whether the lifetime cap was already noted in its timeline.</summary>
    public bool CapNoted { get; set; }
}

/// <summary>What a component is to an incident's signals.</summary>
[Flags]
internal enum ComponentRoles
{
    None = 0,
    Resource = 1,
    Service = 2,
}
