using System.Text;
using Correlator.Domain;

namespace Correlator.Ingestion.Tests;

public sealed class CloudEventsParserTests
{
    private const string Event = """
        {
          "specversion": "1.0", "id": "evt-42", "source": "//monitoring.example.com/checks", "type": "com.example.check.failed",
          "time": "2026-03-02T10:00:00Z", "subject": "web-1", "datacontenttype": "application/json",
          "data": { "name": "HTTP check failed", "severity": "critical", "service": "checkout", "labels": { "check": "http" } }
        }
        """;

    private readonly CloudEventsParser _parser = new(new IngestionLimits());

    [Fact]
    public void Parse_SingleEvent_TakesMissingFieldsFromTheEnvelope()
    {
        var result = Parse(Event);

        Assert.Empty(result.Errors);
        var signal = Assert.Single(result.Signals);
        Assert.Equal(("//monitoring.example.com/checks", "HTTP check failed", "web-1", "checkout"), (signal.Source, signal.Name, signal.Resource, signal.Service));
        Assert.Equal(Severity.Critical, signal.Severity);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), signal.EventTime);
        Assert.Equal("//monitoring.example.com/checks evt-42", signal.EventId);
        Assert.Equal(LabelSet.From(("check", "http")), signal.Labels);
    }

    [Fact]
    public void Parse_DataFields_OverrideTheEnvelope()
    {
        var json = Event.Replace("\"name\":", "\"source\": \"nagios\", \"time\": \"2026-03-02T10:00:05Z\", \"resource\": \"web-9\", \"id\": \"data-id\", \"name\":", StringComparison.Ordinal);

        var signal = Parse(json).Signals[0];

        Assert.Equal(("nagios", "web-9"), (signal.Source, signal.Resource));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 5, TimeSpan.Zero), signal.EventTime);
        Assert.Equal("//monitoring.example.com/checks evt-42", signal.EventId);
    }

    [Fact]
    public void Parse_Batch_ReturnsOneSignalPerEvent()
    {
        var second = Event.Replace("evt-42", "evt-43", StringComparison.Ordinal).Replace("HTTP check failed", "TLS expires soon", StringComparison.Ordinal);

        var result = Parse("[" + Event + "," + second + "]");

        Assert.Equal(["HTTP check failed", "TLS expires soon"], result.Signals.Select(s => s.Name));
        Assert.Equal(["//monitoring.example.com/checks evt-42", "//monitoring.example.com/checks evt-43"], result.Signals.Select(s => s.EventId));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/vnd.example.alert+json")]
    [InlineData("text/json")]
    public void Parse_JsonContentType_IsAccepted(string contentType)
    {
        var result = Parse(Event.Replace("\"application/json\"", "\"" + contentType + "\"", StringComparison.Ordinal));

        Assert.Single(result.Signals);
    }

    [Theory]
    [InlineData("\"specversion\": \"1.0\"", "\"specversion\": \"0.3\"", "specversion", "\"0.3\" is not supported; only CloudEvents \"1.0\" is accepted")]
    [InlineData("\"specversion\": \"1.0\",", "", "specversion", "required field is missing (expected \"1.0\")")]
    [InlineData("\"id\": \"evt-42\",", "", "id", "required field is missing")]
    [InlineData("\"id\": \"evt-42\"", "\"id\": \"\"", "id", "must not be empty")]
    [InlineData("\"type\": \"com.example.check.failed\",", "", "type", "required field is missing")]
    [InlineData("\"source\": \"//monitoring.example.com/checks\",", "", "source", "required field is missing")]
    [InlineData("//monitoring.example.com/checks", "not a uri", "source", "\"not a uri\" is not a URI-reference (RFC 3986)")]
    [InlineData("\"time\": \"2026-03-02T10:00:00Z\"", "\"time\": \"noon\"", "time", "\"noon\" is not an RFC 3339 time (e.g. 2026-03-02T10:00:00Z)")]
    [InlineData("\"time\": \"2026-03-02T10:00:00Z\",", "", "data.time", "required field is missing, and the CloudEvent has no time either")]
    [InlineData("\"application/json\"", "\"text/plain\"", "datacontenttype", "\"text/plain\" is not accepted; only JSON data is accepted (application/json or a +json type)")]
    [InlineData("\"data\":", "\"data_base64\": \"aGk=\", \"ignored\":", "data_base64", "binary data is not accepted; only JSON data is accepted: send the event as a JSON object in data")]
    [InlineData("\"data\":", "\"other\":", "data", "required field is missing (a JSON object describing the event: name, status, severity...)")]
    [InlineData("\"name\": \"HTTP check failed\",", "", "data.name", "required field is missing (it may also be sent as title)")]
    [InlineData("\"severity\": \"critical\"", "\"severity\": \"sev9\"", "data.severity", "\"sev9\" is not a severity; use one of critical (or crit, fatal, emergency, emerg, alert, disaster, page, p1), major (or error, err, high, p2), minor (or average, medium, moderate, p3), warning (or warn, low, p4), info (or informational, information, notice, debug, none, ok, p5, not classified)")]
    public void Parse_OneBadAttribute_RejectsNamingIt(string find, string replacement, string field, string message)
    {
        var result = Parse(Event.Replace(find, replacement, StringComparison.Ordinal));

        Assert.Empty(result.Signals);
        Assert.Equal(new IngestError(field, message), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_DataNotAnObject_Rejects()
    {
        var result = Parse("""{"specversion":"1.0","id":"1","source":"s","type":"t","time":"2026-03-02T10:00:00Z","data":"disk full"}""");

        Assert.Equal(new IngestError("data", "expected a JSON object describing the event, got a string"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_BatchWithBadEvents_ReportsIndexedPaths()
    {
        var result = Parse("[" + Event + "," + Event.Replace("\"id\": \"evt-42\",", string.Empty, StringComparison.Ordinal) + ",\n" + Event.Replace("\"name\"", "\"nom\"", StringComparison.Ordinal) + "]");

        Assert.Empty(result.Signals);
        Assert.Equal([new IngestError("[1].id", "required field is missing"), new IngestError("[2].data.name", "required field is missing (it may also be sent as title)")], result.Errors);
    }

    [Fact]
    public void Parse_BatchOverLimit_NamesLimit()
    {
        var parser = new CloudEventsParser(new IngestionLimits { MaxSignalsPerRequest = 1 });

        var result = parser.Parse(Encoding.UTF8.GetBytes("[" + Event + "," + Event + "]"), ParseContext.None);

        Assert.Equal(new IngestError("$", "2 CloudEvents exceed the limit of 1 (Ingestion:MaxSignalsPerRequest)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_MalformedJson_ReportsPosition()
    {
        var result = Parse("{\"specversion\":\"1.0\",}");

        Assert.Equal(new IngestError("$", "malformed JSON at line 1, byte 22: The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options."), Assert.Single(result.Errors));
    }

    private ParseResult Parse(string json) => _parser.Parse(Encoding.UTF8.GetBytes(json), ParseContext.None);
}
