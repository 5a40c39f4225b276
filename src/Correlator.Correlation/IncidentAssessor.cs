using Correlator.Domain;

namespace Correlator.Correlation;

/// <summary>
/// First-stage ITIL assessment: urgency from the worst severity seen, impact from how many distinct
/// resources are affected; the priority matrix turns both into P1..P4.
/// </summary>
internal sealed class IncidentAssessor(CorrelationOptions options, PriorityMatrix matrix)
{
    public Incident Assess(Incident incident, int resources, DateTimeOffset at)
    {
        var urgency = incident.Severity switch
        {
            Severity.Critical => Urgency.High,
            Severity.Major or Severity.Minor => Urgency.Medium,
            _ => Urgency.Low,
        };
        var impact = resources >= options.ImpactHighResources ? Impact.High
            : resources >= options.ImpactMediumResources ? Impact.Medium
            : Impact.Low;
        if (impact == incident.Impact && urgency == incident.Urgency && matrix.PriorityOf(impact, urgency) == incident.Priority)
        {
            // Nothing changes (the common case of a signal joining): no reason text to build.
            return incident;
        }

        var reason = $"worst severity {SeverityNames.ToName(incident.Severity)}, {resources} resource(s) affected";
        return incident.Assess(impact, urgency, matrix, reason, at);
    }
}
