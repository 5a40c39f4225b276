using System.Text;
using Correlator.Domain;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Ingestion.Tests.LineProtocol;

public sealed class LineProtocolParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static LineProtocolBatch Parse(string body, LineProtocolPrecision precision = LineProtocolPrecision.Nanoseconds, LineProtocolLimits? limits = null) =>
        new LineProtocolParser(limits ?? new LineProtocolLimits()).Parse(Encoding.UTF8.GetBytes(body), precision, Now);

    [Fact]
    public void Parse_TelegrafLine_OneSamplePerNumericField()
    {
        // Act
        var batch = Parse("cpu,cpu=cpu-total,host=web-1 usage_idle=97.5,usage_user=1.25,count=3i,big=18446744073709551615u,up=true,down=F 1700000000000000000\n");

        // Assert
        Assert.Empty(batch.Errors);
        Assert.Equal(1, batch.Points);
        Assert.Equal(6, batch.Samples.Count);
        var tags = LabelSet.From(("cpu", "cpu-total"), ("host", "web-1"));
        var time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.Equal(new MetricSample(new SeriesKey("cpu", tags, "usage_idle"), time, 97.5), batch.Samples[0]);
        Assert.Equal(1.25, batch.Samples[1].Value);
        Assert.Equal(3.0, batch.Samples[2].Value);
        Assert.Equal(18446744073709551615.0, batch.Samples[3].Value);
        Assert.Equal(1.0, batch.Samples[4].Value);
        Assert.Equal(0.0, batch.Samples[5].Value);
    }

    [Theory]
    [InlineData(LineProtocolPrecision.Nanoseconds, "1700000000123456789", 1_700_000_000_1234567L)]
    [InlineData(LineProtocolPrecision.Microseconds, "1700000000123456", 1_700_000_000_1234560L)]
    [InlineData(LineProtocolPrecision.Milliseconds, "1700000000123", 1_700_000_000_1230000L)]
    [InlineData(LineProtocolPrecision.Seconds, "1700000000", 1_700_000_000_0000000L)]
    [InlineData(LineProtocolPrecision.Minutes, "28333333", 28_333_333L * 600_000_000L)]
    [InlineData(LineProtocolPrecision.Hours, "472222", 472_222L * 36_000_000_000L)]
    [InlineData(LineProtocolPrecision.Seconds, "-86400", -86_400_0000000L)]
    public void Parse_Precision_ScalesTheTimestamp(LineProtocolPrecision precision, string timestamp, long ticksSinceEpoch)
    {
        // Act
        var batch = Parse($"m v=1 {timestamp}", precision);

        // Assert
        Assert.Empty(batch.Errors);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(ticksSinceEpoch), batch.Samples[0].Time);
    }

    [Fact]
    public void Parse_NoTimestamp_UsesTheDefaultTime()
    {
        var batch = Parse("m v=1");

        Assert.Equal(Now, batch.Samples[0].Time);
    }

    [Fact]
    public void Parse_CommentsBlankLinesAndCrLf_Skipped()
    {
        // Act
        var batch = Parse("# a comment\r\n\r\n   \nm v=1 1\r\n  # indented comment with \"quote\nm v=2 2\n");

        // Assert
        Assert.Empty(batch.Errors);
        Assert.Equal(2, batch.Lines);
        Assert.Equal([1.0, 2.0], batch.Samples.Select(s => s.Value));
    }

    [Fact]
    public void Parse_EscapedNames_Unescaped()
    {
        // Act: InfluxDB 1.x escapes , and space in measurements, and also = in keys and tag values.
        var batch = Parse("my\\ cpu\\,x,ta\\=g\\ k=v\\,a\\ l\\=ue f\\ i\\,e\\=ld=1 1");

        // Assert
        Assert.Empty(batch.Errors);
        var series = batch.Samples[0].Series;
        Assert.Equal("my cpu,x", series.Measurement);
        Assert.Equal("v,a l=ue", series.Tags.GetValueOrDefault("ta=g k"));
        Assert.Equal("f i,e=ld", series.Field);
    }

    [Fact]
    public void Parse_OtherBackslashes_KeptAsInInfluxDb1()
    {
        // influxd 1.6.7 stores m\\4 and a\\b with both backslashes: only , space and = are escapes in names.
        var batch = Parse("m\\\\4,t=a\\\\b v=1 1");

        var series = Assert.Single(batch.Samples).Series;
        Assert.Equal("m\\\\4", series.Measurement);
        Assert.Equal("a\\\\b", series.Tags.GetValueOrDefault("t"));
    }

    [Fact]
    public void Parse_StringFields_CountedNotSampled()
    {
        // Act: a string value may hold commas, spaces, escaped quotes and even a line break.
        var batch = Parse("log,host=a message=\"disk, \\\"full\\\"\nreally\",level=3i 1\nm v=2 2");

        // Assert
        Assert.Empty(batch.Errors);
        Assert.Equal(2, batch.Points);
        Assert.Equal(1, batch.StringFieldsSkipped);
        Assert.Equal(["level", "v"], batch.Samples.Select(s => s.Series.Field));
    }

    [Theory]
    [InlineData("m", "missing fields")]
    [InlineData("m,t=a", "missing fields")]
    [InlineData("m v=", "missing value of field 'v'")]
    [InlineData("m v", "missing field value")]
    [InlineData("m,t v=1", "missing tag key")]
    [InlineData("m,t= v=1", "missing tag value")]
    [InlineData("m,t=a,t=b v=1", "duplicate tag 't'")]
    [InlineData("m v=abc", "invalid number 'abc' of field 'v'")]
    [InlineData("m v=NaN", "invalid number 'NaN' of field 'v'")]
    [InlineData("m v=1.5i", "invalid integer '1.5i' of field 'v'")]
    [InlineData("m v=-1u", "invalid unsigned integer '-1u' of field 'v'")]
    [InlineData("m v=1 12x", "bad timestamp '12x'")]
    [InlineData(",t=a v=1", "missing measurement")]
    public void Parse_BadLine_ErrorNamesLineAndReason(string line, string reason)
    {
        // Act
        var batch = Parse("good v=1 1\n" + line + "\ngood v=2 2");

        // Assert: the good lines are kept, as InfluxDB keeps them ("partial write").
        var error = Assert.Single(batch.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal(line, error.Text);
        Assert.Equal(reason, error.Reason);
        Assert.Equal($"unable to parse '{line}': {reason}", error.ToString());
        Assert.Equal([1.0, 2.0], batch.Samples.Select(s => s.Value));
    }

    [Fact]
    public void Parse_UnterminatedString_TakesTheRestOfTheBody()
    {
        // As in InfluxDB, a line break inside quotes belongs to the string, so an open quote runs to the end.
        var batch = Parse("good v=1 1\nm v=\"open\ngood v=2 2");

        var error = Assert.Single(batch.Errors);
        Assert.Equal("unterminated string value of field 'v'", error.Reason);
        Assert.Equal("m v=\"open\ngood v=2 2", error.Text);
        Assert.Single(batch.Samples);
    }

    [Fact]
    public void Parse_TimestampOutOfRange_Error()
    {
        var batch = Parse("m v=1 9223372036854775807", LineProtocolPrecision.Hours);

        Assert.Contains("out of range", Assert.Single(batch.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverLimits_ErrorsNameTheSetting()
    {
        // Arrange
        var limits = new LineProtocolLimits { MaxLineBytes = 32, MaxTagsPerLine = 1, MaxFieldsPerLine = 2 };

        // Act
        var batch = Parse("m,a=1,b=2 v=1\nm x=1,y=2,z=3\nm v=1 " + new string('1', 40) + "\nm v=1", limits: limits);

        // Assert
        Assert.Equal(3, batch.ErrorCount);
        Assert.Contains("LineProtocol:MaxTagsPerLine", batch.Errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("LineProtocol:MaxFieldsPerLine", batch.Errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("LineProtocol:MaxLineBytes", batch.Errors[2].Reason, StringComparison.Ordinal);
        Assert.Single(batch.Samples);
    }

    [Fact]
    public void Parse_ManyBadLines_ErrorsKeptUpToTheLimitAllCounted()
    {
        // Act
        var batch = Parse(string.Join('\n', Enumerable.Repeat("bad", 10)), limits: new LineProtocolLimits { MaxErrorsReported = 3 });

        // Assert
        Assert.Equal(10, batch.ErrorCount);
        Assert.Equal(3, batch.Errors.Count);
    }

    [Fact]
    public void Parse_IntoOneBatch_AppendsEachMessage()
    {
        // Arrange: the Kafka consumer parses one message at a time into a reused batch.
        var parser = new LineProtocolParser(new LineProtocolLimits());
        var batch = new LineProtocolBatch();

        // Act
        parser.Parse("m v=1 1"u8, LineProtocolPrecision.Seconds, Now, batch);
        parser.Parse("m v=2 2"u8, LineProtocolPrecision.Seconds, Now, batch);

        // Assert
        Assert.Equal(2, batch.Points);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2), batch.Samples[1].Time);
    }

    [Fact]
    public void Constructor_InvalidLimits_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LineProtocolParser(new LineProtocolLimits { MaxFieldsPerLine = 0 }));
    }

    [Theory]
    [InlineData("", LineProtocolPrecision.Nanoseconds)]
    [InlineData("n", LineProtocolPrecision.Nanoseconds)]
    [InlineData("u", LineProtocolPrecision.Microseconds)]
    [InlineData("ms", LineProtocolPrecision.Milliseconds)]
    [InlineData("s", LineProtocolPrecision.Seconds)]
    [InlineData("m", LineProtocolPrecision.Minutes)]
    [InlineData("h", LineProtocolPrecision.Hours)]
    public void TryParsePrecision_InfluxNames_Read(string text, LineProtocolPrecision expected)
    {
        Assert.True(LineProtocolTime.TryParsePrecision(text, out var precision));
        Assert.Equal(expected, precision);
    }

    [Fact]
    public void TryParsePrecision_Unknown_False()
    {
        Assert.False(LineProtocolTime.TryParsePrecision("fortnight", out _));
    }
}
