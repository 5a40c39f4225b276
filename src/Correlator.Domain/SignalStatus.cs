namespace Correlator.Domain;

/// <summary>Whether the condition a signal reports is present or has cleared.</summary>
public enum SignalStatus
{
    Firing = 0,
    Resolved = 1,
}
