using Correlator.Correlation.Rules;
using Correlator.Domain;

namespace Correlator.Correlation.Tests.Rules;

public sealed class RuleSetParserTests
{
    private const string Full = """
        grouping:
          - name: per-service
            match: {source: alertmanager}
            match_re: {name: "High.*"}
            by: [service, cluster]
            window: 10m
            max_lifetime: 4h
            min_occurrences: 3
            min_signals: 2
        inhibition:
          - name: node-down
            sources:
              - match: {name: NodeDown}
              - match: {name: NetworkDown}
            target:
              match_re: {name: ".*"}
            equal: [resource]
        maintenance:
          - name: nightly
            match: {service: db}
            action: downgrade
            severity: info
            cron: "30 1 * * *"
            duration: 1h
            timezone: Europe/Paris
          - name: weekend
            weekly: {days: [sat, sun], from: "22:00", to: "06:00"}
          - name: migration
            start: 2026-03-29T01:00:00Z
            end: 2026-03-29T03:00:00Z
        flapping:
          - name: default
            max_changes: 4
            window: 10m
            stable_for: 15m
        severity:
          - name: nagios-checkout
            match: {source: nagios, service: checkout}
            map: {critical: major}
          - name: probes
            match: {source: blackbox}
            set: minor
        topology:
          hops: 2
          window: 5m
        """;

    [Fact]
    public void Parse_FullSchema_EveryRuleKindRead()
    {
        var rules = RuleSetParser.Parse("rules.yaml", Full);

        var grouping = Assert.Single(rules.Grouping);
        Assert.Equal(("per-service", TimeSpan.FromMinutes(10), TimeSpan.FromHours(4), 3, 2), (grouping.Name, grouping.Window, grouping.MaxLifetime, grouping.MinOccurrences, grouping.MinSignals));
        Assert.Equal(["service", "cluster"], grouping.By);
        Assert.Equal(2, grouping.Line);
        Assert.Equal(2, Assert.Single(rules.Inhibitions).Sources.Count);
        Assert.Equal(3, rules.Maintenance.Count);
        Assert.Equal(MaintenanceAction.Downgrade, rules.Maintenance[0].Action);
        Assert.Equal(MaintenanceAction.Suppress, rules.Maintenance[1].Action);
        Assert.Equal((4, TimeSpan.FromMinutes(15)), (rules.Flapping[0].MaxChanges, rules.Flapping[0].StableFor));
        Assert.Equal(Severity.Major, rules.Severity[0].Apply(Severity.Critical));
        Assert.Equal(Severity.Warning, rules.Severity[0].Apply(Severity.Warning));
        Assert.Equal(Severity.Minor, rules.Severity[1].Apply(Severity.Critical));
        Assert.Equal(new TopologySettings(true, 2, TimeSpan.FromMinutes(5)), rules.Topology);
        Assert.Equal(8, rules.Count);
    }

    [Theory]
    [InlineData("grouping:\n  - name: g\n    by: [service]\n    window: five minutes\n", 4, "grouping[0].window", "positive duration")]
    [InlineData("grouping:\n  - name: g\n    window: 5m\n", 2, "grouping[0].by", "at least one")]
    [InlineData("grouping:\n  - by: [service]\n", 2, "grouping[0].name", "is required")]
    [InlineData("grouping:\n  - name: g\n    by: [service]\n    min_occurrences: 0\n", 4, "grouping[0].min_occurrences", "at least 1")]
    [InlineData("grouping:\n  - name: g\n    by: [service]\n    colour: red\n", 4, "grouping[0].colour", "unknown key")]
    [InlineData("grouping:\n  - name: g\n    by: [service]\n    match_re: {name: \"(\"}\n", 4, "grouping[0].match_re.name", "regular expression")]
    [InlineData("inhibition:\n  - name: i\n    target: {match: {name: X}}\n", 2, "inhibition[0].sources", "at least one source")]
    [InlineData("maintenance:\n  - name: m\n    cron: \"61 * * * *\"\n    duration: 1h\n", 3, "maintenance[0].cron", "cron")]
    [InlineData("maintenance:\n  - name: m\n    cron: \"0 1 * * *\"\n    duration: 1h\n    timezone: Mars/Olympus\n", 5, "maintenance[0].timezone", "IANA")]
    [InlineData("maintenance:\n  - name: m\n    weekly: {days: [funday], from: \"22:00\", to: \"06:00\"}\n", 3, "maintenance[0].weekly.days", "weekday")]
    [InlineData("maintenance:\n  - name: m\n    start: 2026-03-29T03:00:00Z\n    end: 2026-03-29T01:00:00Z\n", 4, "maintenance[0].end", "after start")]
    [InlineData("maintenance:\n  - name: m\n    action: delete\n    start: 2026-03-29T01:00:00Z\n    end: 2026-03-29T03:00:00Z\n", 3, "maintenance[0].action", "suppress or downgrade")]
    [InlineData("maintenance:\n  - name: m\n", 2, "maintenance[0]", "exactly one schedule")]
    [InlineData("severity:\n  - name: s\n    set: catastrophic\n", 3, "severity[0].set", "not a severity")]
    [InlineData("flapping:\n  - name: f\n    max_changes: x\n", 3, "flapping[0].max_changes", "whole number")]
    [InlineData("groupin:\n  - name: g\n", 1, "groupin", "unknown key")]
    [InlineData("grouping: [\n", 2, "(syntax)", "")]
    public void Parse_BadRule_ErrorNamesFileLineAndKey(string yaml, int line, string key, string message)
    {
        var error = Assert.Throws<RuleFileException>(() => RuleSetParser.Parse("team/rules.yaml", yaml));

        var first = error.Errors[0];
        Assert.Equal(("team/rules.yaml", line, key), (first.File, first.Line, first.Key));
        Assert.Contains(message, first.Message, StringComparison.Ordinal);
        Assert.StartsWith($"team/rules.yaml:{line}: {key}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameNameInTwoFiles_ErrorNamesBothPlaces()
    {
        var error = Assert.Throws<RuleFileException>(() => RuleSetParser.Parse([
            ("a.yaml", "grouping:\n  - name: g\n    by: [service]\n"),
            ("b.yaml", "flapping:\n  - name: g\n"),
        ]));

        var only = Assert.Single(error.Errors);
        Assert.Equal(("b.yaml", 2, "flapping[0].name"), (only.File, only.Line, only.Key));
        Assert.Contains("a.yaml:2", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralErrors_AllReported()
    {
        var error = Assert.Throws<RuleFileException>(() => RuleSetParser.Parse("r.yaml", "grouping:\n  - name: g\n    by: [service]\n    window: x\n    min_signals: -1\n"));

        Assert.Equal(2, error.Errors.Count);
    }

    [Fact]
    public void Parse_EmptyFile_NoRules()
    {
        var rules = RuleSetParser.Parse("empty.yaml", string.Empty);

        Assert.Equal(0, rules.Count);
        Assert.False(rules.Topology.Enabled);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172_800)]
    [InlineData("00:05:00", 300)]
    public void Durations_TryParse_Units(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("5x")]
    [InlineData("")]
    public void Durations_TryParse_Garbage_False(string text) => Assert.False(Durations.TryParse(text, out _));
}
