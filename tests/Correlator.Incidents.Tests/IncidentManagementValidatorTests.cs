namespace Correlator.Incidents.Tests;

public sealed class IncidentManagementValidatorTests
{
    [Fact]
    public void Validate_ExampleOptions_HasNoErrors() => Assert.Empty(IncidentManagementValidator.Validate(Build.Options()));

    public static TheoryData<Action<IncidentManagementOptions>, string> Broken => new()
    {
        { o => o.Services["crm"].Criticality = "Huge", "IncidentManagement:Services:crm:Criticality: 'Huge'" },
        { o => o.Services["crm"].Calendar = "nope", "IncidentManagement:Services:crm:Calendar: no calendar 'nope'" },
        { o => o.Sla["P5"] = new SlaTarget { Acknowledge = TimeSpan.FromMinutes(1), Resolve = TimeSpan.FromMinutes(2) }, "IncidentManagement:Sla:P5: key must be" },
        { o => o.Sla["P1"].Resolve = TimeSpan.FromMinutes(1), "IncidentManagement:Sla:P1: Acknowledge must be positive and Resolve at least Acknowledge" },
        { o => o.Escalation["P1"][0].Clock = "later", "IncidentManagement:Escalation:P1:0:Clock: 'later'" },
        { o => o.Escalation["P1"][1].Level = "ceo", "IncidentManagement:Escalation:P1:1:Level: 'ceo'" },
        { o => o.Groups["payments-team"].TimeZone = "Mars/Olympus", "IncidentManagement:Groups:payments-team:TimeZone: unknown time zone 'Mars/Olympus'" },
        { o => o.Calendars["office"].Holidays.Add("6 April"), "IncidentManagement:Calendars:office:Holidays: '6 April'" },
        { o => o.Problems.MinOccurrences = 1, "IncidentManagement:Problems:MinOccurrences must be at least 2" },
        { o => o.Problems.Signature = ["colour"], "IncidentManagement:Problems:Signature: unknown field 'colour'" },
        { o => o.Problems.MaxIncidents = 2, "IncidentManagement:Problems:MaxIncidents must be 0 (no cap) or at least MinOccurrences (3)" },
        { o => o.Problems.MaxSpan = TimeSpan.FromHours(-1), "IncidentManagement:Problems:MaxSpan must not be negative" },
        { o => o.Assignment.Add(new AssignmentRule { Group = "x" }), "IncidentManagement:Assignment:3: set at least one" },
        { o => o.WarnAtFraction = 1.5, "IncidentManagement:WarnAtFraction: 1.5" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_BadValue_NamesTheKey(Action<IncidentManagementOptions> breakIt, string expected)
    {
        var options = Build.Options();
        breakIt(options);

        var error = Assert.Single(IncidentManagementValidator.Validate(options));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
