using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// A priority's name as the configuration keys it (<c>P1</c>..<c>P4</c>), without the boxing of <c>Enum.ToString</c>:
/// the SLA and escalation checks look it up for every open incident on every management pass.
/// </summary>
internal static class PriorityKey
{
    public static string Of(Priority priority) => priority switch
    {
        Priority.P1 => "P1",
        Priority.P2 => "P2",
        Priority.P3 => "P3",
        Priority.P4 => "P4",
        _ => priority.ToString(),
    };
}
