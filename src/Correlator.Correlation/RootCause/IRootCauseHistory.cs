namespace Correlator.Correlation.RootCause;

/// <summary>What past incidents say: how often a component went wrong first when it went wrong together with others, in [0, 1].</summary>
public interface IRootCauseHistory
{
    double LeadRate(string component);
}
