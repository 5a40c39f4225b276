namespace Correlator.Incidents;

/// <summary>What a person does to an incident through the API.</summary>
public enum ManagementAction
{
    Acknowledge = 0,
    Assign = 1,
    Hold = 2,
    Resume = 3,
    Resolve = 4,
    FlagMajor = 5,
}
