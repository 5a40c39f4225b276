namespace Correlator.Correlation.RootCause;

/// <summary>
/// What past incidents say: how often a component went wrong first when it went wrong together with others, in [0, 1],
/// and in words where that figure comes from (which incidents, whose judgement), for the candidate's reason.
/// </summary>
public interface IRootCauseHistory
{
    double LeadRate(string component);

    /// <summary>The history part of a candidate's reason, e.g. "confirmed root cause of 2 of 3 past incidents it was in with other components (…)".</summary>
    string Explain(string component);
}
