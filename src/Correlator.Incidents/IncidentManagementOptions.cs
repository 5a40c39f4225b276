namespace Correlator.Incidents;

/// <summary>
/// The <c>IncidentManagement</c> settings: the service catalogue, classification and assignment rules,
/// resolver groups with their on-call calendars, the priority matrix, escalation levels, SLA targets and
/// business calendars, and the limits of problem mining. Checked by <see cref="IncidentManagementValidator"/>.
/// </summary>
public sealed class IncidentManagementOptions
{
    public const string SectionName = "IncidentManagement";

    /// <summary>Service catalogue: service name → business criticality and owner group.</summary>
    public Dictionary<string, ServiceEntry> Services { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Criticality of a service that is not in the catalogue (High, Medium or Low).</summary>
    public string DefaultCriticality { get; set; } = "Low";

    /// <summary>
    /// Distinct affected components from which impact rises one step above the service's criticality. The default
    /// matches the correlation engine's <c>Correlation:ImpactMediumResources</c>, so an uncatalogued service gets the
    /// same priority from both stages.
    /// </summary>
    public int ImpactStepComponents { get; set; } = 2;

    /// <summary>Distinct affected components from which impact rises two steps (default as <c>Correlation:ImpactHighResources</c>).</summary>
    public int ImpactTwoStepsComponents { get; set; } = 5;

    /// <summary>
    /// Rows impact High, Medium, Low; each row the priorities for urgency High, Medium, Low, e.g. "P1,P2,P3".
    /// Empty (the default) is the common ITIL matrix. Collections start empty because the configuration binder
    /// appends to a list that already holds values.
    /// </summary>
    public List<string> Matrix { get; set; } = [];

    /// <summary>Classification rules, first match wins.</summary>
    public List<CategoryRule> Categories { get; set; } = [];

    public string DefaultCategory { get; set; } = "unclassified";

    /// <summary>Assignment rules (service / configuration item / category → resolver group), first match wins.</summary>
    public List<AssignmentRule> Assignment { get; set; } = [];

    /// <summary>Group for incidents no rule assigns.</summary>
    public string DefaultGroup { get; set; } = "service-desk";

    public Dictionary<string, ResolverGroup> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Who a hierarchical level other than the group's own ("on-call", "team-lead") reaches, e.g. incident-manager → address.</summary>
    public Dictionary<string, string> Contacts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Escalation levels per priority (keys P1..P4), in order.</summary>
    public Dictionary<string, List<EscalationLevel>> Escalation { get; set; } = new(StringComparer.Ordinal);

    /// <summary>SLA targets per priority (keys P1..P4).</summary>
    public Dictionary<string, SlaTarget> Sla { get; set; } = new(StringComparer.Ordinal);

    /// <summary>SLA targets per service and priority that replace the general ones.</summary>
    public Dictionary<string, Dictionary<string, SlaTarget>> ServiceSla { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Business calendars by name; "24x7" is built in.</summary>
    public Dictionary<string, BusinessHours> Calendars { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Share of a target after which a breach warning is raised (0 &lt; x &lt; 1).</summary>
    public double WarnAtFraction { get; set; } = 0.8;

    public ProblemMiningOptions Problems { get; set; } = new();

    /// <summary>The known-error library: signature → workaround, owner, review date. First match wins.</summary>
    public List<KnownError> KnownErrors { get; set; } = [];

    /// <summary>Crisis records of major incidents: who is mobilised and the status-update cadence.</summary>
    public MajorIncidentOptions MajorIncident { get; set; } = new();
}
