namespace Correlator.Domain;

/// <summary>Where an outbox row stands: waiting (or retrying), delivered, or parked after a permanent error.</summary>
public enum OutboxStatus
{
    Pending = 0,
    Done = 1,
    Parked = 2,
}
