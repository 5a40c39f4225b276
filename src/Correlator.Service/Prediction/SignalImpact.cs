using Correlator.Domain;

namespace Correlator.Service.Prediction;

/// <summary>
/// Which signals mean users are hurt now, as opposed to early signs: a signal of severity major or critical, or
/// an alert (a monitoring tool's judgement, not a detector's anomaly) on a golden signal — latency, errors,
/// success rate, timeouts, 5xx. An incident whose signals are all early may start Predicted; an impact signal
/// joining a Predicted incident confirms it.
/// </summary>
public static class SignalImpact
{
    public static bool IsImpact(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal.Severity is Severity.Major or Severity.Critical
            || (signal.Kind == SignalKind.Alert && Correlator.Prediction.ClusterEvent.From(signal).IsGolden);
    }
}
