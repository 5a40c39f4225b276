using System.Text;
using System.Text.Json.Nodes;
using Correlator.Domain;
using static Correlator.Ingestion.Tests.TestData.AlertmanagerPayloads;

namespace Correlator.Ingestion.Tests;

/// <summary>
/// The single-pass reader against the document reader: on every payload, valid or not, <c>Parse</c> returns
/// exactly what the document reader returns (signals and errors); the single pass takes the valid ones itself.
/// </summary>
public sealed class AlertmanagerSinglePassTests
{
    /// <summary>For the cases named "too ..." and "long ...": limits small enough to be hit.</summary>
    private static readonly IngestionLimits SmallLimits = new() { MaxLabelsPerSignal = 6, MaxLabelValueLength = 40, MaxAnnotationValueLength = 60, MaxLabelNameLength = 12, MaxSignalsPerRequest = 2, MaxJsonDepth = 6 };

    /// <summary>Valid payloads the single pass must read itself.</summary>
    private static readonly Dictionary<string, ReadOnlyMemory<byte>> Valid = new()
    {
        ["grouped"] = Bytes(Grouped),
        ["single"] = Bytes(SingleFiring),
        ["bom"] = Bytes("\uFEFF" + SingleFiring),
        ["pretty"] = Bytes(JsonNode.Parse(Grouped)!.ToJsonString(new() { WriteIndented = true })),
        ["names alike in length and last byte"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","ab":"1","cb":"2","b":"3"},"startsAt":"2026-11-24T17:30:40Z"}],"groupLabels":{"":1,"x":2}}"""),
        ["members reordered"] = Bytes("""{"version":"4","alerts":[{"startsAt":"2026-11-24T17:30:40+02:00","fingerprint":"abc","labels":{"severity":"CRIT","alertname":"A","host":"h1"},"status":"firing"}]}"""),
        ["no fingerprint"] = GroupedWith(root => { foreach (var alert in root["alerts"]!.AsArray()) { alert!.AsObject().Remove("fingerprint"); } }),
        ["blank fingerprint"] = GroupedWith(root => Alert(root, 0)["fingerprint"] = "  "),
        ["null fingerprint"] = GroupedWith(root => Alert(root, 1)["fingerprint"] = null),
        ["no annotations"] = GroupedWith(root => Alert(root, 0).Remove("annotations")),
        ["null annotations"] = GroupedWith(root => Alert(root, 0)["annotations"] = null),
        ["empty annotations"] = GroupedWith(root => Alert(root, 0)["annotations"] = new JsonObject()),
        ["blank summary"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","pod":"p"},"annotations":{"summary":" ","description":"the description"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["escaped values"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A\"B","service":"caf\u00e9","node":"\ud83d\ude00 n"},"annotations":{"summary":"line\nbreak \u003ctag\u003e"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["non-ASCII names"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","région":"eu","名前":"x"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["no endsAt"] = GroupedWith(root => Alert(root, 0).Remove("endsAt")),
        ["null endsAt"] = GroupedWith(root => Alert(root, 1)["endsAt"] = null),
        ["future endsAt"] = GroupedWith(root => Alert(root, 0)["endsAt"] = "2030-01-01T00:00:00.999999999-05:30"),
        ["resolved at start"] = GroupedWith(root => Alert(root, 2)["endsAt"] = "2026-11-24T17:25:40Z"),
        ["severities"] = GroupedWith(root => { Labels(root, 0)["severity"] = "p2"; Labels(root, 1)["severity"] = "whatever"; Labels(root, 2).Remove("severity"); }),
        ["service from app"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","app":"shop","job":"node","instance":" ","host":"h"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["empty alerts"] = Bytes("""{"version":"4","alerts":[]}"""),
        ["nested extras"] = Bytes("""{"version":"4","extra":{"a":[1,{"b":null,"c":[true,false]},"x"],"d":{"e":{}}},"alerts":[{"status":"firing","labels":{"alertname":"A"},"startsAt":"2026-11-24T17:30:40Z","more":{"alertname":"dup elsewhere is fine"}}],"commonLabels":{"alertname":"A"}}"""),
        ["forty labels"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A",""" + string.Join(',', Enumerable.Range(0, 39).Select(i => $"\"l{(i * 7) % 39:D2}\":\"v{i}\"")) + """},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["escaped status"] = Bytes("""{"version":"4","alerts":[{"status":"fir\u0069ng","labels":{"alertname":"A"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["bench payload"] = Bytes("""{"receiver":"correlator","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Alert7","service":"svc-7","instance":"pod-7:9100","job":"node","severity":"critical","namespace":"prod","cluster":"eu-west-1","team":"platform"},"annotations":{"summary":"Alert7 on pod-7","description":"Alert7 has been firing; see the runbook.","runbook_url":"https://runbooks.example.com/Alert7"},"startsAt":"2026-03-02T10:00:00.007Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus-0:9090/graph?g0.expr=up%3D%3D0&g0.tab=1","fingerprint":"0000000000000007"}],"groupLabels":{"alertname":"Alert7"},"commonLabels":{"alertname":"Alert7","service":"svc-7","severity":"critical"},"commonAnnotations":{},"externalURL":"http://alertmanager-0:9093","version":"4","groupKey":"{}:{alertname=\"Alert7\"}","truncatedAlerts":0}"""),
    };

    /// <summary>Payloads the single pass hands to the document reader: invalid ones, and valid ones it does not read itself.</summary>
    private static readonly Dictionary<string, ReadOnlyMemory<byte>> Handed = new()
    {
        ["escaped name (valid)"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alert\u006eame":"A"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["escaped time (valid)"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A"},"startsAt":"2026-11-24T17:30:40\u005a"}]}"""),
        ["duplicate label"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","alertname":"B"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["duplicate alert member"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A"},"startsAt":"2026-11-24T17:30:40Z","x":1,"x":2}]}"""),
        ["duplicate nested extra"] = Bytes("""{"version":"4","alerts":[],"groupLabels":{"a":{"b":1,"b":2}}}"""),
        ["duplicate root"] = Bytes("""{"version":"4","version":"4","alerts":[]}"""),
        ["duplicate empty name"] = Bytes("""{"version":"4","alerts":[],"groupLabels":{"":1,"":2}}"""),
        ["duplicate after look-alikes"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","ab":"1","cb":"2","ab":"3"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["escaped duplicate"] = Bytes("""{"version":"4","alerts":[],"groupLabels":{"a":1,"\u0061":2}}"""),
        ["version 3"] = GroupedWith(root => root["version"] = "3"),
        ["version number"] = GroupedWith(root => root["version"] = 4),
        ["no version"] = GroupedWith(root => root.AsObject().Remove("version")),
        ["alerts object"] = GroupedWith(root => root["alerts"] = new JsonObject()),
        ["alerts null"] = GroupedWith(root => root["alerts"] = null),
        ["no alerts"] = GroupedWith(root => root.AsObject().Remove("alerts")),
        ["alert not object"] = Bytes("""{"version":"4","alerts":[1]}"""),
        ["pending"] = GroupedWith(root => Alert(root, 0)["status"] = "pending"),
        ["status null"] = GroupedWith(root => Alert(root, 0)["status"] = null),
        ["no alertname"] = GroupedWith(root => Labels(root, 1).Remove("alertname")),
        ["blank alertname"] = GroupedWith(root => Labels(root, 1)["alertname"] = "  "),
        ["empty label name"] = GroupedWith(root => Labels(root, 0)[""] = "x"),
        ["label number"] = GroupedWith(root => Labels(root, 0)["job"] = 3),
        ["labels array"] = GroupedWith(root => Alert(root, 0)["labels"] = new JsonArray()),
        ["no labels"] = GroupedWith(root => Alert(root, 0).Remove("labels")),
        ["annotation null value"] = GroupedWith(root => Alert(root, 0)["annotations"]!["summary"] = null),
        ["zero startsAt"] = GroupedWith(root => Alert(root, 0)["startsAt"] = "0001-01-01T00:00:00Z"),
        ["bad startsAt"] = GroupedWith(root => Alert(root, 0)["startsAt"] = "2026-11-24 17:30:40"),
        ["no startsAt"] = GroupedWith(root => Alert(root, 0).Remove("startsAt")),
        ["bad endsAt while firing"] = GroupedWith(root => Alert(root, 0)["endsAt"] = "soon"),
        ["resolved without end"] = GroupedWith(root => Alert(root, 2).Remove("endsAt")),
        ["resolved zero end"] = GroupedWith(root => Alert(root, 2)["endsAt"] = "0001-01-01T00:00:00Z"),
        ["resolved end before start"] = GroupedWith(root => Alert(root, 2)["endsAt"] = "2026-11-24T17:00:00Z"),
        ["fingerprint number"] = GroupedWith(root => Alert(root, 0)["fingerprint"] = 12),
        ["lone surrogate"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","x":"\ud800"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["malformed"] = Bytes("""{"version":"4","alerts":[{"status":"firing",}]}"""),
        ["trailing"] = Bytes(SingleFiring + "{}"),
        ["empty body"] = Bytes("  "),
        ["array root"] = Bytes("[]"),
        ["invalid UTF-8"] = new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}' },
        ["too deep"] = Bytes("""{"version":"4","alerts":[],"x":{"a":{"b":{"c":{"d":{"e":{}}}}}}}"""),
        ["too many alerts"] = Bytes(Grouped),
        ["too many labels"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","a":"1","b":"2","c":"3","d":"4","e":"5","f":"6"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["long label value"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","x":"01234567890123456789012345678901234567890123456789"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["long label name"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A","a_very_long_name":"1"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
        ["long annotation"] = Bytes("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A"},"annotations":{"summary":"0123456789012345678901234567890123456789012345678901234567890123456789"},"startsAt":"2026-11-24T17:30:40Z"}]}"""),
    };

    public static TheoryData<string> ValidNames => [.. Valid.Keys];

    public static TheoryData<string> HandedNames => [.. Handed.Keys];

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void ValidPayload_SinglePassReadsIt_SameSignalsAsDocumentReader(string name)
    {
        foreach (var limits in new[] { new IngestionLimits(), new IngestionLimits { LabelNameCacheEntries = 0, LabelValueCacheEntries = 0 }, new IngestionLimits { LabelValueCacheEntries = 1 } })
        {
            var parser = new AlertmanagerWebhookParser(limits);
            var context = new ParseContext("am-eu");
            var expected = parser.ParseDocument(Valid[name], context);
            Assert.Empty(expected.Errors);

            Assert.True(parser.TryParseSinglePass(Valid[name].Span, "am-eu", out var fast), name);
            Assert.Equal(expected.Signals, fast.Signals);
            Assert.Empty(fast.Errors);
            Assert.Equal(expected.Signals, parser.Parse(Valid[name], context).Signals);
        }
    }

    [Theory]
    [MemberData(nameof(HandedNames))]
    public void OtherPayload_SinglePassDeclines_ParseGivesDocumentReadersResult(string name)
    {
        var parser = ParserFor(name);
        var expected = parser.ParseDocument(Handed[name], ParseContext.None);

        Assert.False(parser.TryParseSinglePass(Handed[name].Span, "alertmanager", out _), name);
        var actual = parser.Parse(Handed[name], ParseContext.None);
        Assert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.Signals, actual.Signals);
    }

    private static AlertmanagerWebhookParser ParserFor(string name) =>
        new(name.StartsWith("too ", StringComparison.Ordinal) || name.StartsWith("long ", StringComparison.Ordinal) ? SmallLimits : new IngestionLimits());

    [Fact]
    public void HandedPayloads_CoverValidOnesAndErrors()
    {
        // The escaped-name cases are valid (the fallback reads them); the rest are rejected by the document reader.
        var valid = Handed.Where(p => ParserFor(p.Key).ParseDocument(p.Value, ParseContext.None).IsValid).Select(p => p.Key).Order().ToArray();
        Assert.Equal(["escaped name (valid)", "escaped time (valid)"], valid);
    }

    [Fact]
    public void LabelNames_AreSharedAcrossPayloads_ValuesAreNot()
    {
        var parser = new AlertmanagerWebhookParser(new IngestionLimits());
        var first = parser.Parse(Bytes(Grouped), ParseContext.None).Signals[0];
        var second = parser.Parse(Bytes(SingleFiring), ParseContext.None).Signals[0];

        var firstJob = first.Labels.Single(p => p.Key == "job");
        var secondJob = second.Labels.Single(p => p.Key == "job");
        Assert.Same(firstJob.Key, secondJob.Key);
        Assert.Equal("node", firstJob.Value);
        Assert.Equal("payments-api", secondJob.Value);
    }

    [Fact]
    public void LabelNameCache_StopsAddingWhenFull_StillReturnsTheName()
    {
        var cache = new LabelNameCache(1);
        var a = cache.Get("alpha"u8);
        var b = cache.Get("beta"u8);

        Assert.Same(a, cache.Get("alpha"u8));
        Assert.Equal("beta", b);
        Assert.NotSame(b, cache.Get("beta"u8));
        Assert.Equal("名前", cache.Get(Encoding.UTF8.GetBytes("名前")));
    }

    [Fact]
    public void Limits_NegativeNameCache_IsRejectedWithItsKey()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new IngestionLimits { LabelNameCacheEntries = -1 }.Validate());
        Assert.Contains("Ingestion:LabelNameCacheEntries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelValues_RecurringOnesAreSharedAcrossPayloads_UnlessTheCacheIsOff()
    {
        var shared = new AlertmanagerWebhookParser(new IngestionLimits());
        var unshared = new AlertmanagerWebhookParser(new IngestionLimits { LabelValueCacheEntries = 0 });

        foreach (var (parser, same) in new[] { (shared, true), (unshared, false) })
        {
            var first = parser.Parse(Bytes(Grouped), ParseContext.None).Signals[0];
            var again = parser.Parse(Bytes(Grouped), ParseContext.None).Signals[0];

            Assert.Equal(first, again);
            var value = first.Labels.Single(p => p.Key == "job").Value;
            var valueAgain = again.Labels.Single(p => p.Key == "job").Value;
            Assert.Equal("node", valueAgain);
            Assert.Equal(same, ReferenceEquals(value, valueAgain));
        }
    }

    [Fact]
    public void LabelValueCache_NewValueTakesTheSlotOver_LongAndNonAsciiValuesReadRight()
    {
        var cache = new LabelValueCache(1);
        var a = cache.Get("alpha"u8);
        Assert.Same(a, cache.Get("alpha"u8));

        var b = cache.Get("beta"u8);
        Assert.Equal("beta", b);
        Assert.Same(b, cache.Get("beta"u8));
        Assert.NotSame(a, cache.Get("alpha"u8));
        Assert.Equal("alpha", cache.Get("alpha"u8));

        var longValue = new string('x', LabelValueCache.MaxCachedLength + 1);
        var first = cache.Get(Encoding.UTF8.GetBytes(longValue));
        Assert.Equal(longValue, first);
        Assert.NotSame(first, cache.Get(Encoding.UTF8.GetBytes(longValue)));
        Assert.Equal("名前", cache.Get(Encoding.UTF8.GetBytes("名前")));
        Assert.Equal(string.Empty, cache.Get([]));
    }

    [Fact]
    public void LabelValueCache_Off_EveryValueIsANewString()
    {
        var cache = new LabelValueCache(0);

        Assert.Equal("node", cache.Get("node"u8));
        Assert.NotSame(cache.Get("node"u8), cache.Get("node"u8));
    }

    [Fact]
    public void Limits_NegativeValueCache_IsRejectedWithItsKey()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new IngestionLimits { LabelValueCacheEntries = -1 }.Validate());
        Assert.Contains("Ingestion:LabelValueCacheEntries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneAlertAllowed_OneAlertRead_TwoGoToTheDocumentReader()
    {
        var parser = new AlertmanagerWebhookParser(new IngestionLimits { MaxSignalsPerRequest = 1 });

        Assert.True(parser.TryParseSinglePass(Bytes(SingleFiring).Span, "alertmanager", out var one));
        Assert.Equal(parser.ParseDocument(Bytes(SingleFiring), ParseContext.None).Signals, one.Signals);
        Assert.Single(one.Signals);

        Assert.False(parser.TryParseSinglePass(Bytes(Grouped).Span, "alertmanager", out _));
        var expected = parser.ParseDocument(Bytes(Grouped), ParseContext.None);
        Assert.NotEmpty(expected.Errors);
        Assert.Equal(expected.Errors, parser.Parse(Bytes(Grouped), ParseContext.None).Errors);
    }

    [Fact]
    public void EmptyAlerts_SinglePassReadsNoSignal_AsDocumentReader()
    {
        var parser = new AlertmanagerWebhookParser(new IngestionLimits());
        var payload = Bytes("""{"version":"4","alerts":[]}""");

        Assert.True(parser.TryParseSinglePass(payload.Span, "alertmanager", out var fast));
        Assert.Empty(fast.Signals);
        Assert.Equal(parser.ParseDocument(payload, ParseContext.None).Signals, fast.Signals);
    }
}
