using System.Text;
using Correlator.Domain;

namespace Correlator.Ingestion.Tests;

public sealed class GenericEventParserTests
{
    private const string FullEvent = """
        {
          "source": "zabbix-eu", "name": "Disk almost full", "status": "problem", "severity": "high",
          "time": "2026-03-02T10:05:00Z", "startsAt": "2026-03-02T10:00:00+01:00",
          "resource": "db-1", "service": "orders", "fingerprint": "zbx-1234", "id": 987654,
          "summary": "/var at 95%", "labels": { "mount": "/var" }, "annotations": { "runbook": "https://rb/disk" },
          "unknownField": { "ignored": true }
        }
        """;

    private readonly GenericEventParser _parser = new(new IngestionLimits());

    [Fact]
    public void Parse_FullEvent_MapsEveryField()
    {
        var result = Parse(FullEvent);

        Assert.Empty(result.Errors);
        var signal = Assert.Single(result.Signals);
        Assert.Equal(("zabbix-eu", "Disk almost full", "zbx-1234", "987654"), (signal.Source, signal.Name, signal.Fingerprint, signal.EventId));
        Assert.Equal((SignalStatus.Firing, Severity.Major, SignalKind.Alert), (signal.Status, signal.Severity, signal.Kind));
        Assert.Equal(("db-1", "orders", "/var at 95%"), (signal.Resource, signal.Service, signal.Summary));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 5, 0, TimeSpan.Zero), signal.EventTime);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), signal.StartsAt);
        Assert.Null(signal.EndsAt);
        Assert.Equal(LabelSet.From(("mount", "/var")), signal.Labels);
        Assert.Equal(LabelSet.From(("runbook", "https://rb/disk")), signal.Annotations);
        Assert.Null(signal.Score);
    }

    [Fact]
    public void Parse_MinimalEvent_AppliesDefaults()
    {
        var signal = Parse("""{"source":"cron","title":"Backup failed","time":"2026-03-02T10:00:00Z"}""").Signals[0];

        Assert.Equal("Backup failed", signal.Name);
        Assert.Equal((SignalStatus.Firing, Severity.Warning, SignalKind.Alert), (signal.Status, signal.Severity, signal.Kind));
        Assert.Equal(signal.EventTime, signal.StartsAt);
        Assert.Equal((null, null, null, null), (signal.Resource, signal.Service, signal.Summary, signal.EventId));
        Assert.Empty(signal.Labels);
        Assert.Matches("^[0-9a-f]{16}$", signal.Fingerprint);
    }

    [Fact]
    public void Parse_ComputedFingerprint_IsStableAndDependsOnNameResourceAndService()
    {
        string Fingerprint(string fields) => Parse("{\"source\":\"s\",\"time\":\"2026-03-02T10:00:00Z\"," + fields + "}").Signals[0].Fingerprint;

        var baseline = Fingerprint("\"name\":\"n\",\"resource\":\"r\",\"service\":\"v\"");

        Assert.Equal(baseline, Fingerprint("\"service\":\"v\",\"resource\":\"r\",\"name\":\"n\",\"status\":\"ok\""));
        Assert.NotEqual(baseline, Fingerprint("\"name\":\"n2\",\"resource\":\"r\",\"service\":\"v\""));
        Assert.NotEqual(baseline, Fingerprint("\"name\":\"n\",\"resource\":\"r2\",\"service\":\"v\""));
        Assert.NotEqual(baseline, Fingerprint("\"name\":\"n\",\"resource\":\"r\""));
        Assert.NotEqual(Fingerprint("\"name\":\"n\",\"resource\":\"r\""), Fingerprint("\"name\":\"n\",\"service\":\"r\""));
    }

    [Fact]
    public void Parse_ResolvedEvent_EndsAtTime()
    {
        var signal = Parse("""{"source":"s","name":"n","status":"cleared","startsAt":"2026-03-02T09:00:00Z","time":"2026-03-02T10:00:00Z"}""").Signals[0];

        Assert.Equal(SignalStatus.Resolved, signal.Status);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), signal.EndsAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), signal.StartsAt);
    }

    [Theory]
    [InlineData("firing", SignalStatus.Firing)]
    [InlineData("Problem", SignalStatus.Firing)]
    [InlineData("alerting", SignalStatus.Firing)]
    [InlineData("TRIGGERED", SignalStatus.Firing)]
    [InlineData("resolved", SignalStatus.Resolved)]
    [InlineData("OK", SignalStatus.Resolved)]
    [InlineData("cleared", SignalStatus.Resolved)]
    public void Parse_StatusWord_MapsToStatus(string word, SignalStatus expected)
    {
        var result = Parse($$"""{"source":"s","name":"n","time":"2026-03-02T10:00:00Z","status":"{{word}}"}""");

        Assert.Equal(expected, result.Signals[0].Status);
    }

    [Fact]
    public void Parse_Anomaly_KeepsKindAndScore()
    {
        var signal = Parse("""{"source":"detector","name":"latency spike","kind":"anomaly","score":0.93,"time":"2026-03-02T10:00:00Z"}""").Signals[0];

        Assert.Equal((SignalKind.Anomaly, (double?)0.93), (signal.Kind, signal.Score));
    }

    [Fact]
    public void Parse_SummaryAbsent_FallsBackToAnnotations()
    {
        var signal = Parse("""{"source":"s","name":"n","time":"2026-03-02T10:00:00Z","annotations":{"description":"d"}}""").Signals[0];

        Assert.Equal("d", signal.Summary);
    }

    [Theory]
    [InlineData(null, "hinted")]
    [InlineData("\"own\"", "own")]
    [InlineData("\"\"", "hinted")]
    public void Parse_SourceHint_FillsMissingSourceOnly(string? source, string expected)
    {
        var sourceField = source is null ? string.Empty : "\"source\":" + source + ",";
        var result = _parser.Parse(Encoding.UTF8.GetBytes("{" + sourceField + "\"name\":\"n\",\"time\":\"2026-03-02T10:00:00Z\"}"), new ParseContext("hinted"));

        Assert.Equal(expected, result.Signals[0].Source);
    }

    [Fact]
    public void Parse_Array_ReturnsSignalsInOrder()
    {
        var result = Parse("""
            [{"source":"s","name":"first","time":"2026-03-02T10:00:00Z"},
             {"source":"s","name":"second","time":"2026-03-02T10:00:01Z","severity":"crit"}]
            """);

        Assert.Equal(["first", "second"], result.Signals.Select(s => s.Name));
        Assert.Equal(Severity.Critical, result.Signals[1].Severity);
    }

    [Fact]
    public void Parse_EmptyArray_IsValidWithNoSignals()
    {
        var result = Parse("[]");

        Assert.True(result.IsValid);
        Assert.Empty(result.Signals);
    }

    [Theory]
    [InlineData("2026-03-02T10:00:00Z", 0)]
    [InlineData("2026-03-02t10:00:00z", 0)]
    [InlineData("2026-03-02T11:30:00+01:30", 0)]
    [InlineData("2026-03-02T05:00:00-05:00", 0)]
    [InlineData("2026-03-02T10:00:00.5Z", 5_000_000)]
    [InlineData("2026-03-02T10:00:00.123456789Z", 1_234_567)]
    public void Parse_Rfc3339Time_IsReadAsUtcInstant(string time, long extraTicks)
    {
        var signal = Parse($$"""{"source":"s","name":"n","time":"{{time}}"}""").Signals[0];

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero).AddTicks(extraTicks), signal.EventTime);
        Assert.Equal(TimeSpan.Zero, signal.EventTime.Offset);
    }

    private ParseResult Parse(string json) => _parser.Parse(Encoding.UTF8.GetBytes(json), ParseContext.None);
}
