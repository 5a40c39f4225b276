using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>Impact, urgency and the priority the matrix gives them, with the reason in words.</summary>
public sealed record PriorityDecision(Impact Impact, Urgency Urgency, Priority Priority, string Reason);
