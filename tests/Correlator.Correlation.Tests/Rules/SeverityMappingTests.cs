using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests.Rules;

public sealed class SeverityMappingTests
{
    private const string Rules = """
        severity:
          - name: nagios-checkout
            match: {source: nagios, service: checkout}
            map: {critical: major, major: minor}
          - name: probes
            match: {source: blackbox}
            set: info
        """;

    [Theory]
    [InlineData("nagios", "checkout", Severity.Critical, Severity.Major)]
    [InlineData("nagios", "checkout", Severity.Major, Severity.Minor)]
    [InlineData("nagios", "checkout", Severity.Warning, Severity.Warning)]
    [InlineData("nagios", "payments", Severity.Critical, Severity.Critical)]
    [InlineData("blackbox", "payments", Severity.Critical, Severity.Info)]
    [InlineData("test", "checkout", Severity.Critical, Severity.Critical)]
    public void Process_PerSourceAndService_SeverityMappedBeforeCorrelation(string source, string service, Severity sent, Severity expected)
    {
        var driver = EngineDriver.WithRules(Rules);
        var alert = Some.Alert(source: source, service: service, severity: sent);

        driver.Feed(alert);

        Assert.Equal(expected, Assert.Single(driver.Incidents).Severity);
        Assert.Equal(expected, driver.State(alert).Latest.Severity);
        Assert.Equal(sent == expected ? 0 : 1, driver.Stats.SeverityMapped);
    }
}
