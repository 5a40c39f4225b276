using System.Text;
using Correlator.Domain;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Ingestion.Tests.LineProtocol;

public sealed class LineProtocolWriterTests
{
    /// <summary>Names with everything line protocol must escape, plus quotes, backslashes and unicode.</summary>
    public static TheoryData<string> HostileNames => new()
    {
        "with space",
        "com,ma",
        "equ=als",
        "quo\"te",
        "back\\slash",
        "double\\\\back",
        "ünï cödé ☃ 日本",
        " lead, =\"mixed\\x\" ",
        "#not-a-comment",
        "=",
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Write_HostileNames_ParseBackToTheSameSeries(string name)
    {
        // Arrange
        var writer = new LineProtocolWriter(LineProtocolPrecision.Milliseconds);
        var time = new DateTimeOffset(2026, 11, 24, 12, 0, 0, 123, TimeSpan.Zero);

        // A line starting with # is a comment, so such a name can only be a tag or field.
        var measurement = name.StartsWith('#') ? "m" + name : name;

        // Act
        writer.Measurement(measurement).Tag(name, name).Tag("plain", "x").Field(name, 2.5).Field("text", name).End(time);
        var batch = new LineProtocolParser(new LineProtocolLimits()).Parse(writer.ToUtf8(), LineProtocolPrecision.Milliseconds, default);

        // Assert
        Assert.Empty(batch.Errors);
        Assert.Equal(1, batch.StringFieldsSkipped);
        var sample = Assert.Single(batch.Samples);
        Assert.Equal(new SeriesKey(measurement, LabelSet.From((name, name), ("plain", "x")), name), sample.Series);
        Assert.Equal(time, sample.Time);
        Assert.Equal(2.5, sample.Value);
    }

    [Fact]
    public void Write_AllFieldTypes_InfluxSyntax()
    {
        // Act
        var writer = new LineProtocolWriter(LineProtocolPrecision.Seconds);
        writer.Measurement("m").Tag("t", "a b").Field("f", 0.1).Field("i", -3L).Field("b", true).Field("s", "say \"hi\" \\o/").End(DateTimeOffset.FromUnixTimeSeconds(7));
        writer.Measurement("m").Field("f", 1e300).End(null);

        // Assert
        Assert.Equal("m,t=a\\ b f=0.1,i=-3i,b=true,s=\"say \\\"hi\\\" \\\\o/\" 7\nm f=1E+300\n", writer.ToString());
        Assert.Equal(2, writer.Points);
    }

    [Theory]
    [InlineData("ends\\")]
    [InlineData("back\\ space")]
    [InlineData("back\\,comma")]
    [InlineData("line\nbreak")]
    [InlineData("")]
    public void Tag_UnrepresentableValue_RefusedAndPointDropped(string value)
    {
        // Arrange
        var writer = new LineProtocolWriter();
        writer.Measurement("m").Field("v", 1.0).End(null);

        // Act
        var error = Assert.Throws<ArgumentException>(() => writer.Measurement("m").Tag("t", value));

        // Assert: the message names the tag, and the body holds only the good point.
        Assert.Contains("tag", error.Message, StringComparison.Ordinal);
        Assert.Equal("m v=1\n", writer.ToString());
    }

    [Fact]
    public void Measurement_StartingWithHash_Refused()
    {
        var writer = new LineProtocolWriter();

        Assert.Throws<ArgumentException>(() => writer.Measurement("#comment"));
    }

    [Fact]
    public void Field_NotFinite_Refused()
    {
        var writer = new LineProtocolWriter();

        Assert.Throws<ArgumentException>(() => writer.Measurement("m").Field("v", double.NaN));
    }

    [Fact]
    public void End_WithoutFields_Throws()
    {
        var writer = new LineProtocolWriter();

        Assert.Throws<InvalidOperationException>(() => writer.Measurement("m").End(null));
    }

    [Fact]
    public void FromTime_BeforeEpoch_RoundsTowardsThePast()
    {
        var time = DateTimeOffset.UnixEpoch.AddMilliseconds(-1.5);

        Assert.Equal(-2, LineProtocolTime.FromTime(time, LineProtocolPrecision.Milliseconds));
        Assert.Equal(-1500, LineProtocolTime.FromTime(time, LineProtocolPrecision.Microseconds));
    }

    [Fact]
    public void ToUtf8_Unicode_EncodedAsUtf8()
    {
        var writer = new LineProtocolWriter();
        writer.Measurement("☃").Field("v", 1L).End(null);

        Assert.Equal("☃ v=1i\n", Encoding.UTF8.GetString(writer.ToUtf8()));
    }
}
