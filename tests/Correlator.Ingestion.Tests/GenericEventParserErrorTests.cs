using System.Text;
using Correlator.Domain;

namespace Correlator.Ingestion.Tests;

public sealed class GenericEventParserErrorTests
{
    private const string Valid = "\"source\":\"s\",\"name\":\"n\",\"time\":\"2026-03-02T10:00:00Z\"";

    private readonly GenericEventParser _parser = new(new IngestionLimits());

    [Theory]
    [InlineData("{\"name\":\"n\",\"time\":\"2026-03-02T10:00:00Z\"}", "source", "required field is missing or empty (and the endpoint configures no source)")]
    [InlineData("{\"source\":\"s\",\"time\":\"2026-03-02T10:00:00Z\"}", "name", "required field is missing (it may also be sent as title)")]
    [InlineData("{\"source\":\"s\",\"name\":\"\",\"time\":\"2026-03-02T10:00:00Z\"}", "name", "must not be empty")]
    [InlineData("{\"source\":\"s\",\"name\":\"n\"}", "time", "required field is missing")]
    [InlineData("{" + Valid + ",\"status\":\"pending\"}", "status", "\"pending\" is not a status; use firing (or problem, alerting, triggered) or resolved (or ok, cleared)")]
    [InlineData("{" + Valid + ",\"kind\":\"metric\"}", "kind", "\"metric\" is not a kind; use alert or anomaly")]
    [InlineData("{" + Valid + ",\"score\":1.5}", "score", "1.5 is outside the range 0 to 1")]
    [InlineData("{" + Valid + ",\"score\":\"high\"}", "score", "expected a number from 0 to 1, got a string")]
    [InlineData("{" + Valid + ",\"labels\":{\"team\":7}}", "labels.team", "expected a string, got a number")]
    [InlineData("{" + Valid + ",\"annotations\":{\"links\":[\"a\"]}}", "annotations.links", "expected a string, got an array")]
    [InlineData("{" + Valid + ",\"labels\":[]}", "labels", "expected an object of string values, got an array")]
    [InlineData("{" + Valid + ",\"id\":{}}", "id", "expected a string or a number, got an object")]
    [InlineData("{" + Valid + ",\"resource\":false}", "resource", "expected a string, got a boolean")]
    [InlineData("{" + Valid + ",\"startsAt\":\"2026-03-02T10:00:01Z\"}", "startsAt", "2026-03-02T10:00:01Z is after time 2026-03-02T10:00:00Z")]
    [InlineData("{\"source\":\"s\",\"name\":\"n\",\"time\":\"0001-01-01T00:00:00Z\"}", "time", "0001-01-01T00:00:00Z is the zero time (unset); a real time is required")]
    [InlineData("\"event\"", "$", "expected an event object or an array of them, got a string")]
    [InlineData("[1]", "[0]", "expected an event object, got a number")]
    public void Parse_OneBadField_RejectsNamingTheField(string json, string field, string message)
    {
        var result = Parse(json);

        Assert.Empty(result.Signals);
        Assert.Equal(new IngestError(field, message), Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-03-02")]
    [InlineData("2026-03-02T10:00:00")]
    [InlineData("2026-03-02 10:00:00Z")]
    [InlineData("2026-13-02T10:00:00Z")]
    [InlineData("2026-02-30T10:00:00Z")]
    [InlineData("2026-03-02T24:00:00Z")]
    [InlineData("2026-03-02T10:00:60Z")]
    [InlineData("2026-03-02T10:00:00.Z")]
    [InlineData("2026-03-02T10:00:00+0100")]
    [InlineData("2026-03-02T10:00:00+24:00")]
    [InlineData("1700000000")]
    public void Parse_TimeNotRfc3339_RejectsQuotingIt(string time)
    {
        var result = Parse($$"""{"source":"s","name":"n","time":"{{time}}"}""");

        Assert.Equal(new IngestError("time", $"\"{time}\" is not an RFC 3339 time (e.g. 2026-03-02T10:00:00Z)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_UnknownSeverityWord_RejectsListingAcceptedWords()
    {
        var result = Parse("{" + Valid + ",\"severity\":\"sev9\"}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("severity", error.Field);
        Assert.StartsWith("\"sev9\" is not a severity; use one of critical (or crit, fatal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownSeverityWord_ListsOnlyWordsTheDomainAccepts()
    {
        var message = Parse("{" + Valid + ",\"severity\":\"sev9\"}").Errors[0].Message;

        var list = message[(message.IndexOf("use one of ", StringComparison.Ordinal) + "use one of ".Length)..];
        var words = list.Replace("(or ", ",", StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(32, words.Length);
        Assert.All(words, word => Assert.True(SeverityNames.TryParse(word, out _), word));
    }

    [Fact]
    public void Parse_ArrayWithBadItems_ReportsIndexedPathsAndNoSignals()
    {
        var result = Parse("[{" + Valid + "},{" + Valid + "},{" + Valid + "},{" + Valid + "},{\"source\":\"s\",\"name\":\"n\",\"time\":\"soon\",\"labels\":{\"a b\":1}}]");

        Assert.Empty(result.Signals);
        Assert.Equal(
            [new IngestError("[4].time", "\"soon\" is not an RFC 3339 time (e.g. 2026-03-02T10:00:00Z)"), new IngestError("[4].labels[\"a b\"]", "expected a string, got a number")],
            result.Errors);
    }

    [Fact]
    public void Parse_TooManyEvents_NamesLimit()
    {
        var parser = new GenericEventParser(new IngestionLimits { MaxSignalsPerRequest = 1 });

        var result = parser.Parse(Encoding.UTF8.GetBytes("[{" + Valid + "},{" + Valid + "}]"), ParseContext.None);

        Assert.Equal(new IngestError("$", "2 events exceed the limit of 1 (Ingestion:MaxSignalsPerRequest)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_NameTooLong_NamesValueLengthLimit()
    {
        var parser = new GenericEventParser(new IngestionLimits { MaxLabelValueLength = 3 });

        var result = parser.Parse(Encoding.UTF8.GetBytes("{\"source\":\"s\",\"name\":\"four\",\"time\":\"2026-03-02T10:00:00Z\"}"), ParseContext.None);

        Assert.Equal(new IngestError("name", "4 characters exceed the limit of 3 (Ingestion:MaxLabelValueLength)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_LoneSurrogateEscape_RejectsTheField()
    {
        var result = Parse("{" + Valid + ",\"service\":\"\\ud800\"}");

        Assert.Equal(new IngestError("service", "the string is not valid Unicode (it escapes a lone surrogate)"), Assert.Single(result.Errors));
    }

    private ParseResult Parse(string json) => _parser.Parse(Encoding.UTF8.GetBytes(json), ParseContext.None);
}
