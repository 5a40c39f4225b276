namespace Correlator.Correlation.Rules;

/// <summary>What a maintenance window does to the signals it matches.</summary>
public enum MaintenanceAction
{
    /// <summary>The signal opens nothing and joins nothing; it is counted and noted in its group's incident.</summary>
    Suppress = 0,

    /// <summary>The signal is correlated with its severity lowered to the window's severity.</summary>
    Downgrade = 1,
}
