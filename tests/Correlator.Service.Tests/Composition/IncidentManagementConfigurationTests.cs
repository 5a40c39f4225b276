using Correlator.Incidents;
using Correlator.Service.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Composition;

public sealed class IncidentManagementConfigurationTests
{
    private static readonly (string, string)[] Valid =
    [
        ("IncidentManagement:Services:payments:Criticality", "High"),
        ("IncidentManagement:Services:payments:Calendar", "office"),
        ("IncidentManagement:Matrix:0", "P1,P1,P2"),
        ("IncidentManagement:Matrix:1", "P2,P3,P4"),
        ("IncidentManagement:Matrix:2", "P3,P4,P4"),
        ("IncidentManagement:Calendars:office:TimeZone", "Europe/Paris"),
        ("IncidentManagement:Calendars:office:Holidays:0", "2026-12-25"),
        ("IncidentManagement:Sla:P1:Acknowledge", "00:15:00"),
        ("IncidentManagement:Sla:P1:Resolve", "04:00:00"),
        ("IncidentManagement:Contacts:incident-manager", "im@example.org"),
        ("IncidentManagement:Escalation:P1:0:Level", "incident-manager"),
        ("IncidentManagement:Escalation:P1:0:After", "00:30:00"),
        ("IncidentManagement:Problems:Signature:0", "category"),
    ];

    [Fact]
    public void ThrowIfInvalid_FullSection_PassesAndBindsListsWithoutDefaultsAppended()
    {
        var configuration = Configuration(Valid);

        ConfigurationCheck.ThrowIfInvalid(configuration);
        var options = configuration.GetSection(IncidentManagementOptions.SectionName).Get<IncidentManagementOptions>()!;

        Assert.Equal(3, options.Matrix.Count);
        Assert.Equal(["category"], options.Problems.SignatureFields);
        Assert.Equal(Correlator.Domain.Priority.P1, new PriorityPolicy(options).Decide("payments", 1, Correlator.Domain.Severity.Major, false).Priority);
    }

    [Theory]
    [InlineData("IncidentManagement:Services:payments:Criticality", "Vital", "IncidentManagement:Services:payments:Criticality")]
    [InlineData("IncidentManagement:Matrix:1", "P2,P3", "IncidentManagement:Matrix")]
    [InlineData("IncidentManagement:Sla:P1:Resolve", "00:01:00", "IncidentManagement:Sla:P1")]
    [InlineData("IncidentManagement:Escalation:P1:0:Level", "ceo", "IncidentManagement:Escalation:P1:0:Level")]
    [InlineData("IncidentManagement:Calendars:office:TimeZone", "Nowhere/Town", "IncidentManagement:Calendars:office:TimeZone")]
    [InlineData("IncidentManagement:Problems:MinOccurrences", "1", "IncidentManagement:Problems:MinOccurrences")]
    public void ThrowIfInvalid_BadIncidentManagementValue_NamesTheKey(string key, string value, string named)
    {
        var values = Valid.Where(v => v.Item1 != key).Append((key, value)).ToArray();

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid(Configuration(values)));

        Assert.Contains(error.Failures, f => f.StartsWith(named, StringComparison.Ordinal));
    }

    private static IConfiguration Configuration((string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
