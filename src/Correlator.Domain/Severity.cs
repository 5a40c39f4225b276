namespace Correlator.Domain;

/// <summary>How bad a signal says things are, normalised across monitoring tools (ordered, higher is worse).</summary>
public enum Severity
{
    Info = 0,
    Warning = 1,
    Minor = 2,
    Major = 3,
    Critical = 4,
}
