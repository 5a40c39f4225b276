namespace Correlator.Domain;

/// <summary>Whether a signal was raised by a monitoring tool or derived from metrics by a detector.</summary>
public enum SignalKind
{
    Alert = 0,
    Anomaly = 1,
}
