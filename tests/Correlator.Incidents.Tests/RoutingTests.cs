using Correlator.Domain;

namespace Correlator.Incidents.Tests;

public sealed class RoutingTests
{
    public static TheoryData<(string, string)[], string, string?> Classes => new()
    {
        { [("team", "dba"), ("alertname", "DiskFull")], "database", "availability" },
        { [("alertname", "DiskFull")], "infrastructure", "storage" },
        { [("alertname", "HighLatency")], "unclassified", null },
        { [], "unclassified", null },
    };

    [Theory]
    [MemberData(nameof(Classes))]
    public void Classify_Labels_FirstMatchingRule(ValueTuple<string, string>[] labels, string category, string? subcategory)
    {
        var options = Build.Options();
        var classifier = new Classifier(options.Categories, options.DefaultCategory);

        var result = classifier.Classify([LabelSet.From(labels)]);

        Assert.Equal((category, subcategory), (result.Category, result.Subcategory));
    }

    [Theory]
    [InlineData("payments", "db-7", "unclassified", "dba")]
    [InlineData("payments", "web-1", "unclassified", "payments-team")]
    [InlineData("crm", "web-1", "infrastructure", "ops")]
    [InlineData("crm", "web-1", "unclassified", "service-desk")]
    public void Assign_ServiceResourceCategory_FirstMatchingRule(string service, string resource, string category, string group)
    {
        var options = Build.Options();
        var policy = new AssignmentPolicy(options.Assignment, options.DefaultGroup);

        Assert.Equal(group, policy.Assign(service, [resource], category).Group);
    }

    [Theory]
    // Paris is UTC+1 until 29 March 2026, UTC+2 after: the 09:00 local handover moves from 08:00 to 07:00 UTC.
    [InlineData("2026-03-02T08:00:00Z", "ana")]
    [InlineData("2026-03-09T07:59:00Z", "ana")]
    [InlineData("2026-03-09T08:00:00Z", "bo")]
    [InlineData("2026-03-16T08:00:00Z", "cy")]
    [InlineData("2026-03-23T08:00:00Z", "ana")]
    [InlineData("2026-03-30T06:59:00Z", "ana")]
    [InlineData("2026-03-30T07:00:00Z", "bo")]
    [InlineData("2026-03-01T12:00:00Z", "cy")]
    public void OnCallAt_WeeklyRotationInParis_HandsOverAtNineLocalAcrossDst(string at, string expected)
    {
        var calendar = new OnCallCalendar(Build.Options().Groups["payments-team"]);

        Assert.Equal(expected, calendar.OnCallAt(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void OnCallAt_Override_ReplacesTheRotationForItsPeriod()
    {
        var group = Build.Options().Groups["payments-team"];
        group.Overrides.Add(new OnCallOverride { From = Build.Monday9, To = Build.Monday9.AddDays(1), Member = "dee" });
        var calendar = new OnCallCalendar(group);

        Assert.Equal("dee", calendar.OnCallAt(Build.Monday9.AddHours(3)));
        Assert.Equal("ana", calendar.OnCallAt(Build.Monday9.AddDays(1)));
    }
}
