using System.Text;
using Correlator.Domain;
using Correlator.Ingestion;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Kafka.Tests;

public sealed class PayloadDecodersTests
{
    private static readonly DateTimeOffset MessageTime = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static DecodedPayload Decode(string format, string value, LineProtocolPrecision? precision = null)
    {
        Assert.True(new PayloadDecoders(new IngestionLimits()).TryGet(format, out var decoder));
        return decoder.Decode(Encoding.UTF8.GetBytes(value), new PayloadContext(ParseContext.None, MessageTime, precision));
    }

    [Fact]
    public void LineProtocol_TelegrafLine_OneSamplePerNumericFieldAtTheNanosecondTimestamp()
    {
        var decoded = Decode("line-protocol", "cpu,host=web-1,cpu=cpu0 usage_user=12.5,usage_idle=80i,online=true,state=\"ok\" 1764000000000000000\n");

        Assert.True(decoded.IsValid);
        Assert.Empty(decoded.Signals);
        Assert.Equal(3, decoded.Samples.Count);
        var user = decoded.Samples.Single(s => s.Series.Field == "usage_user");
        Assert.Equal(12.5, user.Value);
        Assert.Equal("cpu", user.Series.Measurement);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_000_000), user.Time);
        Assert.Equal(1.0, decoded.Samples.Single(s => s.Series.Field == "online").Value);
    }

    [Fact]
    public void LineProtocol_LineWithoutTimestamp_TakesTheMessageTime()
    {
        var decoded = Decode("line-protocol", "mem used_percent=40");

        Assert.Equal(MessageTime, Assert.Single(decoded.Samples).Time);
    }

    [Fact]
    public void LineProtocol_OneBadLine_WholeMessageRefusedNamingTheLine()
    {
        var decoded = Decode("line-protocol", "m v=1 1\nm v= 2\n");

        Assert.False(decoded.IsValid);
        Assert.Empty(decoded.Samples);
        var error = Assert.Single(decoded.Errors);
        Assert.Equal("line 2", error.Field);
        Assert.Contains("missing value of field 'v'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TelegrafJson_BatchWithSecondsAndAStringField_NumericFieldsBecomeSamples()
    {
        var decoded = Decode("telegraf-json", """{"metrics":[{"name":"disk","tags":{"path":"/"},"fields":{"used":71.5,"fstype":"ext4"},"timestamp":1764000000},{"name":"net","tags":{},"fields":{"up":true},"timestamp":1764000060}]}""");

        Assert.True(decoded.IsValid);
        Assert.Equal(2, decoded.Samples.Count);
        Assert.Equal(new MetricSample(new SeriesKey("disk", LabelSet.From(("path", "/")), "used"), DateTimeOffset.FromUnixTimeSeconds(1_764_000_000), 71.5), decoded.Samples[0]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_000_060), decoded.Samples[1].Time);
    }

    [Fact]
    public void TelegrafJson_MillisecondTopic_TimestampReadInTheTopicsUnit()
    {
        var decoded = Decode("telegraf-json", """{"name":"cpu","fields":{"usage":3},"timestamp":1764000000123}""", LineProtocolPrecision.Milliseconds);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_123), Assert.Single(decoded.Samples).Time);
    }

    [Theory]
    [InlineData("""{"fields":{"v":1}}""", "$.name")]
    [InlineData("""{"name":"m","fields":{"v":[1]}}""", "$.fields.v")]
    [InlineData("""{"name":"m","fields":{"v":1},"timestamp":"yesterday"}""", "$.timestamp")]
    [InlineData("""{"metrics":[{"name":"m","fields":{"v":1}},{"name":"m","tags":{"a":1},"fields":{"v":1}}]}""", "$.metrics[1].tags.a")]
    [InlineData("not json", "$")]
    public void TelegrafJson_BadMetric_ErrorNamesTheMemberAtFault(string value, string path)
    {
        var decoded = Decode("telegraf-json", value);

        Assert.False(decoded.IsValid);
        Assert.Contains(decoded.Errors, e => e.Message.Contains("'" + path + "'", StringComparison.Ordinal));
    }
}
