using Correlator.Domain;
using Correlator.Incidents;

namespace Correlator.Incidents.Tests;

/// <summary>Test data for incident management: options with a small catalogue, incidents and facts.</summary>
internal static class Build
{
    public static readonly DateTimeOffset Monday9 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static IncidentManagementOptions Options()
    {
        var options = new IncidentManagementOptions
        {
            Services =
            {
                ["payments"] = new ServiceEntry { Criticality = "High" },
                ["intranet"] = new ServiceEntry { Criticality = "Low", Calendar = "office" },
                ["crm"] = new ServiceEntry { Criticality = "Medium" },
            },
            Categories =
            {
                new CategoryRule { Match = { ["team"] = "db*" }, Category = "database", Subcategory = "availability" },
                new CategoryRule { Match = { ["alertname"] = "Disk*" }, Category = "infrastructure", Subcategory = "storage" },
            },
            Assignment =
            {
                new AssignmentRule { Resource = "db-*", Group = "dba" },
                new AssignmentRule { Service = "payments", Group = "payments-team" },
                new AssignmentRule { Category = "infrastructure", Group = "ops" },
            },
            Groups =
            {
                ["payments-team"] = new ResolverGroup { Lead = "lena", TimeZone = "Europe/Paris", OnCall = ["ana", "bo", "cy"], RotationStart = "2026-03-02", HandoverAt = TimeSpan.FromHours(9), RotationDays = 7 },
            },
            Contacts = { ["incident-manager"] = "im@example.org", ["it-management"] = "cio@example.org" },
            Escalation =
            {
                ["P1"] =
                [
                    new EscalationLevel { Level = "team-lead", Clock = "acknowledge", After = TimeSpan.FromMinutes(15) },
                    new EscalationLevel { Level = "incident-manager", Clock = "acknowledge", After = TimeSpan.FromMinutes(30) },
                    new EscalationLevel { Level = "it-management", Clock = "resolve", After = TimeSpan.FromHours(4) },
                ],
            },
            Sla =
            {
                ["P1"] = new SlaTarget { Acknowledge = TimeSpan.FromMinutes(15), Resolve = TimeSpan.FromHours(4) },
                ["P2"] = new SlaTarget { Acknowledge = TimeSpan.FromMinutes(30), Resolve = TimeSpan.FromHours(8) },
                ["P3"] = new SlaTarget { Acknowledge = TimeSpan.FromHours(2), Resolve = TimeSpan.FromHours(24) },
                ["P4"] = new SlaTarget { Acknowledge = TimeSpan.FromHours(4), Resolve = TimeSpan.FromHours(8) },
            },
            Calendars =
            {
                ["office"] = new BusinessHours { TimeZone = "Europe/Paris", Start = TimeSpan.FromHours(9), End = TimeSpan.FromHours(17), Holidays = ["2026-04-06"] },
            },
        };
        return options;
    }

    public static Incident Incident(long id, string? service, Severity severity, DateTimeOffset at, string name = "HighLatency")
    {
        var signal = Signal(name, service, severity, at, "fp-" + id);
        return Domain.Incident.Open(id, "service=" + (service ?? "none"), signal, "test", at);
    }

    public static Signal Signal(string name, string? service, Severity severity, DateTimeOffset at, string fingerprint, string? resource = null, params (string, string)[] labels) => new()
    {
        Source = "test",
        Fingerprint = fingerprint,
        Name = name,
        Severity = severity,
        Service = service,
        Resource = resource,
        EventTime = at,
        StartsAt = at,
        Labels = LabelSet.From(labels),
    };

    public static IncidentFacts Facts(Incident incident, params string[] resources) => new(incident, resources, [], false);
}
