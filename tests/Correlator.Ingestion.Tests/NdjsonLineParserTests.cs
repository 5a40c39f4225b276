using System.Text;
using Correlator.Domain;
using Correlator.Ingestion.Tests.TestData;

namespace Correlator.Ingestion.Tests;

public sealed class NdjsonLineParserTests
{
    private const string CloudEvent = """{"specversion":"1.0","id":"e1","source":"/ci","type":"t","time":"2026-03-02T10:00:00Z","data":{"name":"Build broken"}}""";
    private const string GenericEvent = """{"source":"cron","name":"Backup failed","time":"2026-03-02T10:00:00Z"}""";

    private readonly NdjsonLineParser _parser = new(new IngestionLimits());

    [Theory]
    [InlineData(AlertmanagerPayloads.Grouped, "alertmanager")]
    [InlineData(CloudEvent, "cloudevents")]
    [InlineData("[" + CloudEvent + "]", "cloudevents")]
    [InlineData(GenericEvent, "events")]
    [InlineData("[" + GenericEvent + "]", "events")]
    [InlineData("""{"alerts":[],"source":"x"}""", "events")]
    [InlineData("""{"version":"4","alerts":{}}""", "events")]
    [InlineData("[]", "events")]
    [InlineData("{not json", null)]
    public void DetectFormat_Line_NamesTheFormat(string line, string? expected)
    {
        Assert.Equal(expected, _parser.DetectFormat(Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public void ParseLine_AlertmanagerLine_DelegatesWithContext()
    {
        var result = _parser.ParseLine(Encoding.UTF8.GetBytes(AlertmanagerPayloads.Grouped + "\n"), new ParseContext("replayed-am"));

        Assert.Equal(3, result.Signals.Count);
        Assert.All(result.Signals, s => Assert.Equal("replayed-am", s.Source));
        Assert.Equal(SignalStatus.Resolved, result.Signals[2].Status);
    }

    [Fact]
    public void ParseLine_CloudEventLine_MapsEnvelope()
    {
        var signal = Assert.Single(_parser.ParseLine(Encoding.UTF8.GetBytes(CloudEvent + "\r\n"), ParseContext.None).Signals);

        Assert.Equal(("/ci", "Build broken", "/ci e1"), (signal.Source, signal.Name, signal.EventId));
    }

    [Fact]
    public void ParseLine_GenericLine_ReadsEvent()
    {
        var signal = Assert.Single(_parser.ParseLine(Encoding.UTF8.GetBytes(GenericEvent), ParseContext.None).Signals);

        Assert.Equal(("cron", "Backup failed"), (signal.Source, signal.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n")]
    public void ParseLine_BlankLine_IsValidWithNoSignals(string line)
    {
        var result = _parser.ParseLine(Encoding.UTF8.GetBytes(line), ParseContext.None);

        Assert.True(result.IsValid);
        Assert.Empty(result.Signals);
    }

    [Fact]
    public void ParseLine_BrokenAlertmanagerLine_ReportsAlertmanagerErrors()
    {
        var line = AlertmanagerPayloads.Grouped.Replace("\"version\":\"4\"", "\"version\":\"5\"", StringComparison.Ordinal);

        var result = _parser.ParseLine(Encoding.UTF8.GetBytes(line), ParseContext.None);

        Assert.Equal(new IngestError("version", "\"5\" is not supported; only Alertmanager webhook version \"4\" is accepted"), Assert.Single(result.Errors));
    }

    [Fact]
    public void ParseLine_MalformedLine_ReportsBodyError()
    {
        var result = _parser.ParseLine(Encoding.UTF8.GetBytes("{\"source\":"), ParseContext.None);

        Assert.Equal("$", Assert.Single(result.Errors).Field);
    }
}
