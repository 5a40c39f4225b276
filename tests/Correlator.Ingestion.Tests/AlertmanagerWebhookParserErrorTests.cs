using System.Text.Json.Nodes;
using static Correlator.Ingestion.Tests.TestData.AlertmanagerPayloads;

namespace Correlator.Ingestion.Tests;

public sealed class AlertmanagerWebhookParserErrorTests
{
    private readonly AlertmanagerWebhookParser _parser = new(new IngestionLimits());

    public static TheoryData<string, Action<JsonNode>, string, string> BrokenPayloads => new()
    {
        { "wrong version", r => r["version"] = "3", "version", "\"3\" is not supported; only Alertmanager webhook version \"4\" is accepted" },
        { "numeric version", r => r["version"] = 4, "version", "expected the string \"4\", got a number" },
        { "no version", r => r.AsObject().Remove("version"), "version", "required field is missing (expected \"4\")" },
        { "no alerts", r => r.AsObject().Remove("alerts"), "alerts", "required field is missing" },
        { "alerts not array", r => r["alerts"] = new JsonObject(), "alerts", "expected an array of alerts, got an object" },
        { "alert not object", r => r["alerts"]![1] = "x", "alerts[1]", "expected an alert object, got a string" },
        { "no alertname", r => Labels(r, 1).Remove("alertname"), "alerts[1].labels.alertname", "required label is missing" },
        { "empty alertname", r => Labels(r, 1)["alertname"] = " ", "alerts[1].labels.alertname", "must not be empty" },
        { "no labels", r => Alert(r, 1).Remove("labels"), "alerts[1].labels.alertname", "required label is missing" },
        { "bad time", r => Alert(r, 2)["startsAt"] = "yesterday", "alerts[2].startsAt", "\"yesterday\" is not an RFC 3339 time (e.g. 2026-03-02T10:00:00Z)" },
        { "no offset", r => Alert(r, 0)["startsAt"] = "2026-11-24T17:30:40", "alerts[0].startsAt", "\"2026-11-24T17:30:40\" is not an RFC 3339 time (e.g. 2026-03-02T10:00:00Z)" },
        { "no startsAt", r => Alert(r, 0).Remove("startsAt"), "alerts[0].startsAt", "required field is missing" },
        { "zero startsAt", r => Alert(r, 0)["startsAt"] = "0001-01-01T00:00:00Z", "alerts[0].startsAt", "0001-01-01T00:00:00Z is the zero time (unset); a real time is required" },
        { "numeric startsAt", r => Alert(r, 0)["startsAt"] = 1700000000, "alerts[0].startsAt", "expected an RFC 3339 time string, got a number" },
        { "bad status", r => Alert(r, 0)["status"] = "pending", "alerts[0].status", "\"pending\" is not an alert status; expected \"firing\" or \"resolved\"" },
        { "no status", r => Alert(r, 0).Remove("status"), "alerts[0].status", "required field is missing" },
        { "resolved zero end", r => Alert(r, 2)["endsAt"] = "0001-01-01T00:00:00Z", "alerts[2].endsAt", "a resolved alert needs its end time, got the zero time 0001-01-01T00:00:00Z" },
        { "resolved no end", r => Alert(r, 2).Remove("endsAt"), "alerts[2].endsAt", "required for a resolved alert" },
        { "end before start", r => Alert(r, 2)["endsAt"] = "2026-11-24T17:00:00Z", "alerts[2].endsAt", "2026-11-24T17:00:00Z is before startsAt 2026-11-24T17:25:40Z" },
        { "numeric label", r => Labels(r, 0)["severity"] = 3, "alerts[0].labels.severity", "expected a string, got a number" },
        { "null label", r => Labels(r, 0)["team"] = null, "alerts[0].labels.team", "expected a string, got null" },
        { "odd label name", r => Labels(r, 0)["my team"] = true, "alerts[0].labels[\"my team\"]", "expected a string, got a boolean" },
        { "empty label name", r => Labels(r, 0)[""] = "x", "alerts[0].labels[\"\"]", "a name must not be empty" },
        { "annotations array", r => Alert(r, 0)["annotations"] = new JsonArray(), "alerts[0].annotations", "expected an object of string values, got an array" },
        { "numeric fingerprint", r => Alert(r, 0)["fingerprint"] = 12, "alerts[0].fingerprint", "expected a string, got a number" },
    };

    [Theory]
    [MemberData(nameof(BrokenPayloads))]
    public void Parse_OneBrokenField_RejectsPayloadNamingTheField(string _, Action<JsonNode> breakIt, string field, string message)
    {
        var result = _parser.Parse(GroupedWith(breakIt), ParseContext.None);

        Assert.False(result.IsValid);
        Assert.Empty(result.Signals);
        Assert.Equal(new IngestError(field, message), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_SeveralBrokenAlerts_ReportsEveryError()
    {
        var body = GroupedWith(r =>
        {
            Alert(r, 0)["startsAt"] = "soon";
            Labels(r, 2).Remove("alertname");
        });

        var result = _parser.Parse(body, ParseContext.None);

        Assert.Empty(result.Signals);
        Assert.Equal(["alerts[0].startsAt", "alerts[2].labels.alertname"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Parse_MoreErrorsThanTheCap_ListsFirstAndSaysMoreWereFound()
    {
        var alerts = new JsonArray();
        for (int i = 0; i < 150; i++)
        {
            alerts.Add(new JsonObject { ["status"] = "firing", ["labels"] = new JsonObject { ["alertname"] = "A" } });
        }

        var body = GroupedWith(r => r["alerts"] = alerts);

        var result = _parser.Parse(body, ParseContext.None);

        Assert.Equal(ParseResult.MaxErrors, result.Errors.Count);
        Assert.Equal(new IngestError("alerts[98].startsAt", "required field is missing"), result.Errors[98]);
        Assert.Equal(new IngestError("$", "more errors were found; only the first 99 are listed"), result.Errors[99]);
    }

    [Theory]
    [InlineData("{\"version\":\"4\",\"alerts\":[", "$", "malformed JSON at line 1, byte 26: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    [InlineData("{\"version\":\"4\",\n \"alerts\": [}]}", "$", "malformed JSON at line 2, byte 13: '}' is an invalid start of a value.")]
    [InlineData("", "$", "the body is empty; expected a JSON document")]
    [InlineData("[]", "$", "expected a JSON object (an Alertmanager webhook payload), got an array")]
    public void Parse_UnreadableBody_ReportsBodyError(string body, string field, string message)
    {
        var result = _parser.Parse(Bytes(body), ParseContext.None);

        Assert.Equal(new IngestError(field, message), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_InvalidUtf8_ReportsOffsetOfFirstBadByte()
    {
        byte[] body = [.. "{\"version\":\"4\",\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var result = _parser.Parse(body, ParseContext.None);

        Assert.Equal(new IngestError("$", "the body is not valid UTF-8 (first bad byte at offset 20)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_DuplicateLabelName_RejectsBody()
    {
        var body = Grouped.Replace("\"alertname\":\"HighLatency\",", "\"alertname\":\"HighLatency\",\"alertname\":\"Other\",", StringComparison.Ordinal);

        var result = _parser.Parse(Bytes(body), ParseContext.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Field);
        Assert.Contains("Duplicate property 'alertname'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsSkipped()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Bytes(Grouped).Span];

        var result = _parser.Parse(body, ParseContext.None);

        Assert.Equal(3, result.Signals.Count);
    }
}
