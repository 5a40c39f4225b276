using System.Text.Json.Nodes;
using Correlator.Domain;
using static Correlator.Ingestion.Tests.TestData.AlertmanagerPayloads;

namespace Correlator.Ingestion.Tests;

public sealed class AlertmanagerWebhookParserTests
{
    private readonly AlertmanagerWebhookParser _parser = new(new IngestionLimits());

    [Fact]
    public void Parse_RealGroupedWebhook_MapsFiringAlert()
    {
        var result = _parser.Parse(Bytes(Grouped), ParseContext.None);

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Signals.Count);
        var first = result.Signals[0];
        Assert.Equal("alertmanager", first.Source);
        Assert.Equal("91841c8892d8f5f5", first.Fingerprint);
        Assert.Equal("HighLatency", first.Name);
        Assert.Equal(SignalKind.Alert, first.Kind);
        Assert.Equal(SignalStatus.Firing, first.Status);
        Assert.Equal(Severity.Critical, first.Severity);
        Assert.Equal("web-1:9100", first.Resource);
        Assert.Equal("checkout", first.Service);
        var startsAt = new DateTimeOffset(2026, 11, 24, 17, 30, 40, TimeSpan.Zero).AddTicks(1_234_567);
        Assert.Equal(startsAt, first.StartsAt);
        Assert.Equal(startsAt, first.EventTime);
        Assert.Null(first.EndsAt);
        Assert.Equal("node", first.Labels.GetValueOrDefault("job"));
        Assert.Equal(5, first.Labels.Count);
        Assert.Equal("https://runbooks.example.com/HighLatency", first.Annotations.GetValueOrDefault("runbook_url"));
        Assert.Equal("p99 latency above 2s on web-1", first.Summary);
        Assert.Null(first.EventId);
        Assert.Equal("788679b44e394844", result.Signals[1].Fingerprint);
        Assert.Equal("web-2:9100", result.Signals[1].Resource);
    }

    [Fact]
    public void Parse_RealGroupedWebhook_MapsResolvedAlert()
    {
        var result = _parser.Parse(Bytes(Grouped), ParseContext.None);

        var resolved = result.Signals[2];
        Assert.Equal("PodCrashLooping", resolved.Name);
        Assert.Equal(SignalStatus.Resolved, resolved.Status);
        Assert.Equal(Severity.Warning, resolved.Severity);
        Assert.Equal("checkout-7d9f8b6c5-x2kqp", resolved.Resource);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 17, 25, 40, TimeSpan.Zero), resolved.StartsAt);
        var endsAt = new DateTimeOffset(2026, 11, 24, 17, 34, 40, 500, TimeSpan.Zero);
        Assert.Equal(endsAt, resolved.EndsAt);
        Assert.Equal(endsAt, resolved.EventTime);
        Assert.Equal("Pod shop/checkout-7d9f8b6c5-x2kqp restarted 5 times in 10 minutes", resolved.Summary);
    }

    [Fact]
    public void Parse_SecondRealCapture_MapsSingleAlert()
    {
        var result = _parser.Parse(Bytes(SingleFiring), ParseContext.None);

        var signal = Assert.Single(result.Signals);
        Assert.Equal(("ErrorBudgetBurn", Severity.Major, "payments", (string?)null), (signal.Name, signal.Severity, signal.Service, signal.Resource));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 17, 33, 50, 250, TimeSpan.Zero), signal.EventTime);
    }

    [Fact]
    public void Parse_SourceHint_ReplacesDefaultSource()
    {
        var result = _parser.Parse(Bytes(Grouped), new ParseContext("alertmanager-eu"));

        Assert.All(result.Signals, s => Assert.Equal("alertmanager-eu", s.Source));
    }

    [Fact]
    public void Parse_AlertWithoutFingerprint_ComputesItFromSourceAndLabels()
    {
        var body = GroupedWith(root => Alert(root, 0).Remove("fingerprint"));

        var signal = _parser.Parse(body, ParseContext.None).Signals[0];

        var labels = LabelSet.From(("alertname", "HighLatency"), ("instance", "web-1:9100"), ("job", "node"), ("service", "checkout"), ("severity", "critical"));
        Assert.Equal(Fingerprints.Compute("alertmanager", labels), signal.Fingerprint);
    }

    [Fact]
    public void Parse_FiringAlertWithFutureEndsAt_HasNoEndsAt()
    {
        var body = GroupedWith(root => Alert(root, 0)["endsAt"] = "2026-11-24T17:40:40.123Z");

        var signal = _parser.Parse(body, ParseContext.None).Signals[0];

        Assert.Null(signal.EndsAt);
        Assert.Equal(signal.StartsAt, signal.EventTime);
    }

    [Theory]
    [InlineData("critical", Severity.Critical)]
    [InlineData("P2", Severity.Major)]
    [InlineData("info", Severity.Info)]
    [InlineData("sev-unknown", Severity.Warning)]
    [InlineData(null, Severity.Warning)]
    public void Parse_SeverityLabel_MapsOrDefaultsToWarning(string? severity, Severity expected)
    {
        var body = GroupedWith(root =>
        {
            Labels(root, 0).Remove("severity");
            if (severity is not null)
            {
                Labels(root, 0)["severity"] = severity;
            }
        });

        var result = _parser.Parse(body, ParseContext.None);

        Assert.Equal(expected, result.Signals[0].Severity);
    }

    [Theory]
    [InlineData("host=h1,node=n1,pod=p1", "h1", null)]
    [InlineData("pod=p1,resource=r1", "p1", null)]
    [InlineData("resource=r1,app=shop,job=scrape", "r1", "shop")]
    [InlineData("job=scrape", null, "scrape")]
    [InlineData("instance=,host=h1,service=,app=a1", "h1", "a1")]
    public void Parse_TargetLabels_PickResourceAndServiceInDocumentedOrder(string labels, string? resource, string? service)
    {
        var body = GroupedWith(root =>
        {
            var set = new JsonObject { ["alertname"] = "X" };
            foreach (var pair in labels.Split(','))
            {
                set[pair.Split('=')[0]] = pair.Split('=')[1];
            }

            Alert(root, 0)["labels"] = set;
        });

        var signal = _parser.Parse(body, ParseContext.None).Signals[0];

        Assert.Equal((resource, service), (signal.Resource, signal.Service));
    }
}
