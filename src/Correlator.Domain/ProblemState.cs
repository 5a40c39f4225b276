namespace Correlator.Domain;

/// <summary>Life of a problem suggestion: proposed by mining, then accepted (to be published as a problem record) or rejected.</summary>
public enum ProblemState
{
    Suggested = 0,
    Accepted = 1,
    Rejected = 2,
}
