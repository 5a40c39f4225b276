namespace Correlator.Domain;

/// <summary>A period an incident spent on hold (waiting for the user, a vendor, a change); SLA clocks pause in it.</summary>
public sealed record HoldPeriod(DateTimeOffset From, DateTimeOffset? To, string Reason);
