using Correlator.Domain;

namespace Correlator.Incidents.Tests;

public sealed class PriorityPolicyTests
{
    public static TheoryData<string?, int, Severity, bool, Impact, Urgency, Priority> Cases => new()
    {
        // service, components, severity, rising → impact, urgency, priority (default ITIL matrix)
        { "payments", 1, Severity.Critical, false, Impact.High, Urgency.High, Priority.P1 },
        { "payments", 1, Severity.Warning, false, Impact.High, Urgency.Low, Priority.P3 },
        { "payments", 1, Severity.Warning, true, Impact.High, Urgency.Medium, Priority.P2 },
        { "crm", 1, Severity.Major, false, Impact.Medium, Urgency.Medium, Priority.P3 },
        { "crm", 3, Severity.Major, false, Impact.High, Urgency.Medium, Priority.P2 },
        { "intranet", 1, Severity.Critical, false, Impact.Low, Urgency.High, Priority.P3 },
        { "intranet", 10, Severity.Critical, false, Impact.High, Urgency.High, Priority.P1 },
        { "unknown", 1, Severity.Info, false, Impact.Low, Urgency.Low, Priority.P4 },
        { "unknown", 2, Severity.Critical, false, Impact.Medium, Urgency.High, Priority.P2 },
        { "unknown", 5, Severity.Critical, false, Impact.High, Urgency.High, Priority.P1 },
        { null, 1, Severity.Minor, true, Impact.Low, Urgency.High, Priority.P3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_CatalogueBreadthSeverityTrend_GivesMatrixPriority(string? service, int components, Severity severity, bool rising, Impact impact, Urgency urgency, Priority priority)
    {
        var policy = new PriorityPolicy(Build.Options());

        var decision = policy.Decide(service, components, severity, rising);

        Assert.Equal((impact, urgency, priority), (decision.Impact, decision.Urgency, decision.Priority));
        Assert.Contains(service ?? "(none)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ConfiguredMatrix_IsUsed()
    {
        var options = Build.Options();
        options.Matrix = ["P1,P1,P2", "P2,P2,P3", "P3,P4,P4"];
        var policy = new PriorityPolicy(options);

        Assert.Equal(Priority.P1, policy.Decide("payments", 1, Severity.Major, false).Priority);
        Assert.Equal(Priority.P2, policy.Decide("crm", 1, Severity.Critical, false).Priority);
    }

    [Theory]
    [InlineData(new[] { "P1,P2,P3", "P2,P3,P4" }, "3 rows")]
    [InlineData(new[] { "P1,P2,P3", "P2,P3", "P3,P4,P4" }, "row 1")]
    [InlineData(new[] { "P1,P2,P3", "P2,P3,P9", "P3,P4,P4" }, "'P9'")]
    [InlineData(new[] { "P4,P2,P3", "P2,P3,P4", "P3,P4,P4" }, "must not rise")]
    public void Validate_BadMatrix_NamesTheKey(string[] rows, string expected)
    {
        var options = Build.Options();
        options.Matrix = [.. rows];

        var errors = IncidentManagementValidator.Validate(options);

        var error = Assert.Single(errors);
        Assert.StartsWith("IncidentManagement:Matrix:", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
