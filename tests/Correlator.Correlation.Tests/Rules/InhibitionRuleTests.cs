using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests.Rules;

public sealed class InhibitionRuleTests
{
    private const string Rules = """
        inhibition:
          - name: host-down
            sources:
              - match: {name: NodeDown}
              - match: {name: LinkDown}
            target:
              match_re: {name: "Http.*"}
            equal: [resource]
        """;

    // Which signals fire before the target; both sources on the target's resource are required.
    [Theory]
    [InlineData("NodeDown,LinkDown", "web-1", true)]
    [InlineData("NodeDown", "web-1", false)]
    [InlineData("LinkDown", "web-1", false)]
    [InlineData("NodeDown,LinkDown", "web-2", false)]
    [InlineData("", "web-1", false)]
    public void Process_TargetAfterSources_SuppressedIntoTheSourceIncidentOnlyWhenAllFire(string sources, string targetResource, bool inhibited)
    {
        var driver = EngineDriver.WithRules(Rules);
        int t = 0;
        foreach (var name in sources.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            driver.Feed(Some.Alert(name: name, service: "infra-" + name, resource: "web-1", at: t += 10));
        }

        var target = Some.Alert(name: "HttpErrors", service: "shop", resource: targetResource, at: t + 10);
        driver.Feed(target);

        var incident = driver.Incidents.Single(i => i.IsLinked(target.Fingerprint));
        Assert.Equal(inhibited, incident.Links.Count > 1);
        Assert.Equal(inhibited ? 1 : 0, driver.Stats.Inhibited);
        if (inhibited)
        {
            Assert.StartsWith("inhibit host-down: suppressed while NodeDown", incident.Links[^1].Rule, StringComparison.Ordinal);
            Assert.EndsWith("with equal resource=web-1", incident.Links[^1].Rule, StringComparison.Ordinal);
            Assert.Equal(2, driver.Incidents.Count);
        }
    }

    [Fact]
    public void Process_SourceClearedBeforeTarget_TargetOpensItsOwn()
    {
        var driver = EngineDriver.WithRules(Rules);
        var node = Some.Alert(name: "NodeDown", service: "infra", resource: "web-1", at: 0);
        driver.Feed(node, Some.Alert(name: "LinkDown", service: "infra", resource: "web-1", at: 5), Some.Resolved(node, 10));

        driver.Feed(Some.Alert(name: "HttpErrors", service: "shop", resource: "web-1", at: 20));

        Assert.Equal(2, driver.Incidents.Count);
        Assert.Equal(0, driver.Stats.Inhibited);
    }
}
