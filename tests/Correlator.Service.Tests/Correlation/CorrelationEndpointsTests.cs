using System.Net;
using Correlator.Service.Composition;
using Correlator.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Tests.Correlation;

public sealed class CorrelationEndpointsTests
{
    private const string Maintenance = """
        maintenance:
          - name: db-upgrade
            match: {service: db}
            start: 2026-03-02T09:00:00Z
            end: 2026-03-02T12:00:00Z
        """;

    [Fact]
    public async Task Stats_AfterIngestWithRules_FunnelPerStageAndPerSource()
    {
        using var rules = new TempDirectory();
        File.WriteAllText(Path.Combine(rules.Path, "rules.yaml"), Maintenance);
        await using var host = await ServiceHost.StartAsync("CorrelationFiles:Rules=" + rules.Path);
        var body = Payloads.Alertmanager(
            ("A", "checkout", "web-1", Some.At(0), null, "warning"),
            ("B", "checkout", "web-2", Some.At(1), null, "warning"),
            ("DbDown", "db", "db-1", Some.At(2), null, "critical"));
        await host.PostJsonAsync("/ingest/alertmanager", body);
        await host.PostJsonAsync("/ingest/alertmanager", body);

        var stats = await host.GetJsonAsync("/api/stats");

        Assert.Equal(6, stats.GetProperty("signalsIn").GetInt64());
        Assert.Equal(3, stats.GetProperty("deduplicated").GetInt64());
        Assert.Equal(2, stats.GetProperty("suppressed").GetInt64()); // the repeat is re-checked against the window too
        Assert.Equal(1, stats.GetProperty("incidentsOut").GetInt64());
        Assert.Equal(Math.Round(5.0 / 6, 4), stats.GetProperty("noiseReduction").GetDouble());
        var stages = stats.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
        Assert.Equal(["deduplication", "flapping", "maintenance", "inhibition", "thresholds", "grouping"], stages);
        var source = Assert.Single(stats.GetProperty("sources").EnumerateArray());
        Assert.Equal("alertmanager", source.GetProperty("source").GetString());
        Assert.Equal(1, stats.GetProperty("rules").GetProperty("rules").GetInt32());

        using var metrics = await host.Client.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var text = await metrics.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("correlator_signals_suppressed_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_source_signals_total{source=\"alertmanager\",stage=\"opened\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_InvalidThenValidRules_KeepsOldRulesThenSwaps()
    {
        var ct = TestContext.Current.CancellationToken;
        using var rules = new TempDirectory();
        var file = Path.Combine(rules.Path, "rules.yaml");
        File.WriteAllText(file, "grouping:\n  - name: per-instance\n    by: [instance]\n");
        await using var host = await ServiceHost.StartAsync("CorrelationFiles:Rules=" + rules.Path, "CorrelationFiles:ReloadInterval=00:00:00");

        File.WriteAllText(file, "grouping:\n  - name: per-instance\n    by: [instance]\n    window: soon\n");
        using var refused = await host.Client.PostAsync("/api/rules/reload", null, ct);
        var refusedText = await refused.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("rules.yaml:4: grouping[0].window: must be a positive duration", refusedText, StringComparison.Ordinal);
        Assert.Equal(1, (await host.GetJsonAsync("/api/rules")).GetProperty("version").GetInt32());

        // Still grouping per instance: two instances, two incidents.
        await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("A", "checkout", "web-1", Some.At(0), null, "warning"), ("B", "checkout", "web-2", Some.At(1), null, "warning")));
        Assert.Equal(2, (await host.GetJsonAsync("/api/stats")).GetProperty("incidentsOut").GetInt64());

        File.WriteAllText(file, "grouping:\n  - name: per-service\n    by: [service]\n");
        using var accepted = await host.Client.PostAsync("/api/rules/reload", null, ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(2, (await host.GetJsonAsync("/api/rules")).GetProperty("version").GetInt32());

        // Now per service: two more instances of one service, one more incident.
        await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager(("C", "payments", "web-3", Some.At(2), null, "warning"), ("D", "payments", "web-4", Some.At(3), null, "warning")));
        Assert.Equal(3, (await host.GetJsonAsync("/api/stats")).GetProperty("incidentsOut").GetInt64());
    }

    [Fact]
    public void ConfigurationCheck_InvalidRuleFile_NamesFileLineAndKey()
    {
        using var rules = new TempDirectory();
        var file = Path.Combine(rules.Path, "bad.yaml");
        File.WriteAllText(file, "flapping:\n  - name: f\n    max_changes: many\n");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CorrelationFiles:Rules"] = rules.Path })
            .Build();

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid((IConfiguration)configuration));

        Assert.Contains($"CorrelationFiles: {file}:3: flapping[0].max_changes: must be a whole number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationCheck_MissingTopologyFile_Named()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CorrelationFiles:Topology"] = "/nonexistent/cmdb.csv" })
            .Build();

        var error = Assert.Throws<OptionsValidationException>(() => ConfigurationCheck.ThrowIfInvalid((IConfiguration)configuration));

        Assert.Contains("/nonexistent/cmdb.csv:0: CorrelationFiles:Topology: no such file or folder.", error.Message, StringComparison.Ordinal);
    }
}
