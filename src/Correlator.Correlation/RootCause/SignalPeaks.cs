using Correlator.Domain;

namespace Correlator.Correlation.RootCause;

/// <summary>
/// The strongest each signal was while it fired linked to an incident, per (incident, fingerprint), kept from the
/// engine's change sets. A signal's state holds only its latest value, and a resolved signal's latest value describes
/// the recovery, not the fault; ranked from the latest alone, a component whose signal has resolved would lose the
/// evidence it gave while it fired. <see cref="RootCauseEvidence.From"/> takes the peak where one is known.
/// </summary>
public sealed class SignalPeaks
{
    private readonly Dictionary<(long Incident, string Fingerprint), double> _peaks = [];

    /// <summary>How many (incident, signal) peaks are held.</summary>
    public int Count => _peaks.Count;

    /// <summary>Takes in the signal states one batch changed: a firing state linked to an incident may raise its peak.</summary>
    public void Observe(ChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var state in changes.Signals)
        {
            Observe(state);
        }
    }

    /// <summary>Takes in one signal state: counted only while it fires and is linked to an incident.</summary>
    public void Observe(SignalState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IncidentId is not { } incident || !state.Latest.IsFiring)
        {
            return;
        }

        var key = (incident, state.Fingerprint);
        var strength = RootCauseEvidence.StrengthOf(state.Latest);
        if (!_peaks.TryGetValue(key, out var peak) || strength > peak)
        {
            _peaks[key] = strength;
        }
    }

    /// <summary>The strongest <paramref name="fingerprint"/> was while firing in <paramref name="incidentId"/>, if it was seen so.</summary>
    public double? PeakOf(long incidentId, string fingerprint) =>
        _peaks.TryGetValue((incidentId, fingerprint), out var peak) ? peak : null;

    /// <summary>Drops the peaks of a closed incident.</summary>
    public void Forget(long incidentId)
    {
        foreach (var key in _peaks.Keys.Where(k => k.Incident == incidentId).ToList())
        {
            _peaks.Remove(key);
        }
    }
}
