using System.Net;
using Correlator.Testing;

namespace Correlator.Service.Tests.Correlation;

public sealed class RuleProposalsTests
{
    [Fact]
    public async Task Proposals_LearntFromTheStream_ListedThenAcceptedIntoTheRulesFolder()
    {
        var ct = TestContext.Current.CancellationToken;
        using var rules = new TempDirectory();
        await using var host = await ServiceHost.StartAsync("CorrelationFiles:Rules=" + rules.Path, "CorrelationFiles:ReloadInterval=00:00:00");

        // 25 rounds, 10 minutes apart: LinkDown on a host, then HttpErrors on the same host 10 s later.
        var alerts = Enumerable.Range(0, 25).SelectMany(i => new[]
        {
            ("LinkDown", "net", $"web-{i}", Some.At(i * 600), (DateTimeOffset?)null, "major"),
            ("HttpErrors", "net", $"web-{i}", Some.At((i * 600) + 10), (DateTimeOffset?)null, "warning"),
        }).ToArray();
        await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(alerts));

        var proposals = await host.GetJsonAsync("/api/rules/proposals");
        var proposal = Assert.Single(proposals.EnumerateArray());
        Assert.Equal("linkdown--httperrors", proposal.GetProperty("id").GetString());
        Assert.Equal(25, proposal.GetProperty("support").GetInt64());
        Assert.Equal(0, (await host.GetJsonAsync("/api/rules")).GetProperty("rules").GetInt32());

        using var accepted = await host.Client.PostAsync("/api/rules/proposals/linkdown--httperrors/accept", null, ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.True(File.Exists(Path.Combine(rules.Path, "learnt-linkdown--httperrors.yaml")));
        var inForce = await host.GetJsonAsync("/api/rules");
        Assert.Equal(1, inForce.GetProperty("rules").GetInt32());
        Assert.Equal(2, inForce.GetProperty("version").GetInt32());

        // The accepted rule now works: an HttpErrors after a LinkDown on the same host joins its incident.
        await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(
            ("LinkDown", "edge", "lb-1", Some.At(20_000), null, "major"),
            ("HttpErrors", "shop", "lb-1", Some.At(20_010), null, "warning")));
        Assert.Equal(1, (await host.GetJsonAsync("/api/stats")).GetProperty("inhibited").GetInt64());

        using var unknown = await host.Client.PostAsync("/api/rules/proposals/nothing--here/accept", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
