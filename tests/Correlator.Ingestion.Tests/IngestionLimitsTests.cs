using System.Text.Json.Nodes;
using static Correlator.Ingestion.Tests.TestData.AlertmanagerPayloads;

namespace Correlator.Ingestion.Tests;

public sealed class IngestionLimitsTests
{
    [Fact]
    public void Constructor_Defaults_AreTheDocumentedValues()
    {
        var limits = new IngestionLimits();

        Assert.Equal(
            (10_000, 64, 128, 4096, 64, 16384, 32),
            (limits.MaxSignalsPerRequest, limits.MaxLabelsPerSignal, limits.MaxLabelNameLength, limits.MaxLabelValueLength,
                limits.MaxAnnotationsPerSignal, limits.MaxAnnotationValueLength, limits.MaxJsonDepth));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NonPositiveLimit_ThrowsNamingIt(int value)
    {
        var limits = new IngestionLimits { MaxLabelsPerSignal = value };

        var error = Assert.Throws<ArgumentOutOfRangeException>(limits.Validate);

        Assert.Equal("Ingestion:MaxLabelsPerSignal", error.ParamName);
    }

    [Fact]
    public void ParserConstructor_InvalidLimits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GenericEventParser(new IngestionLimits { MaxJsonDepth = 0 }));
    }

    [Fact]
    public void Parser_LimitsChangedAfterConstruction_KeepsItsOwnCopy()
    {
        var limits = new IngestionLimits();
        var parser = new AlertmanagerWebhookParser(limits);
        limits.MaxSignalsPerRequest = 1;

        var result = parser.Parse(Bytes(Grouped), ParseContext.None);

        Assert.Equal(3, result.Signals.Count);
    }

    [Fact]
    public void Parse_TooManySignals_NamesLimitAndValue()
    {
        var parser = new AlertmanagerWebhookParser(new IngestionLimits { MaxSignalsPerRequest = 2 });

        var result = parser.Parse(Bytes(Grouped), ParseContext.None);

        Assert.Equal(new IngestError("alerts", "3 alerts exceed the limit of 2 (Ingestion:MaxSignalsPerRequest)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_TooManyLabels_NamesLimitAndValue()
    {
        var body = GroupedWith(r =>
        {
            for (int i = 0; i < 65; i++)
            {
                Labels(r, 0)["extra_" + i] = "v";
            }
        });

        var result = new AlertmanagerWebhookParser(new IngestionLimits()).Parse(body, ParseContext.None);

        Assert.Equal(new IngestError("alerts[0].labels", "70 labels exceed the limit of 64 (Ingestion:MaxLabelsPerSignal)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_LabelValueTooLong_NamesLabelLimitAndLength()
    {
        var body = GroupedWith(r => Labels(r, 1)["instance"] = new string('x', 4097));

        var result = new AlertmanagerWebhookParser(new IngestionLimits()).Parse(body, ParseContext.None);

        Assert.Equal(new IngestError("alerts[1].labels.instance", "4097 characters exceed the limit of 4096 (Ingestion:MaxLabelValueLength)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_LabelNameTooLong_ShowsShortenedName()
    {
        var name = new string('n', 129);
        var body = GroupedWith(r => Labels(r, 0)[name] = "v");

        var result = new AlertmanagerWebhookParser(new IngestionLimits()).Parse(body, ParseContext.None);

        var expectedField = "alerts[0].labels[\"" + new string('n', 64) + "…\"]";
        Assert.Equal(new IngestError(expectedField, "129 characters in the name exceed the limit of 128 (Ingestion:MaxLabelNameLength)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_TooManyAnnotations_NamesLimit()
    {
        var body = GroupedWith(r =>
        {
            var annotations = new JsonObject();
            for (int i = 0; i < 3; i++)
            {
                annotations["a" + i] = "v";
            }

            Alert(r, 2)["annotations"] = annotations;
        });

        var result = new AlertmanagerWebhookParser(new IngestionLimits { MaxAnnotationsPerSignal = 2 }).Parse(body, ParseContext.None);

        Assert.Equal(new IngestError("alerts[2].annotations", "3 annotations exceed the limit of 2 (Ingestion:MaxAnnotationsPerSignal)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_AnnotationValueTooLong_NamesLimit()
    {
        var body = GroupedWith(r => Alert(r, 0)["annotations"]!["summary"] = new string('s', 71));

        var result = new AlertmanagerWebhookParser(new IngestionLimits { MaxAnnotationValueLength = 70 }).Parse(body, ParseContext.None);

        Assert.Equal(new IngestError("alerts[0].annotations.summary", "71 characters exceed the limit of 70 (Ingestion:MaxAnnotationValueLength)"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Parse_DeeperThanMaxJsonDepth_NamesLimit()
    {
        var parser = new AlertmanagerWebhookParser(new IngestionLimits { MaxJsonDepth = 2 });

        var result = parser.Parse(Bytes(Grouped), ParseContext.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Field);
        Assert.StartsWith("malformed JSON at line 1, byte ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("The maximum configured depth of 2 has been exceeded. Cannot read next JSON object. (Ingestion:MaxJsonDepth is 2)", error.Message, StringComparison.Ordinal);
    }
}
