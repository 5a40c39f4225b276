using System.Text;

namespace Correlator.Ingestion.Tests;

/// <summary>The UTF-8 reader the single pass uses and the character reader the document reader uses agree.</summary>
public sealed class Rfc3339Tests
{
    public static TheoryData<string> Times =>
    [
        "2026-11-24T17:30:40Z",
        "2026-11-24t17:30:40z",
        "2026-11-24T17:30:40.123456789Z",
        "2026-11-24T17:30:40.5+02:00",
        "2026-11-24T17:30:40-05:30",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.9999999Z",
        "0001-01-01T00:00:00+00:01",
        "2026-02-29T00:00:00Z",
        "2024-02-29T00:00:00Z",
        "2026-11-24 17:30:40Z",
        "2026-11-24T17:30:40",
        "2026-11-24T17:30:40.Z",
        "2026-11-24T24:00:00Z",
        "2026-11-24T17:30:40+2:00",
        "２０２６-11-24T17:30:40Z",
        "2026-11-24T17:30:4\u0130Z",
        "2026-11-24T17:30:40\u017AZ",
        "2026-11-24T17:30:40Zé",
        "2026-11-24T17:30:40.12é4Z",
        "",
    ];

    [Theory]
    [MemberData(nameof(Times))]
    public void TryParse_Utf8AndChars_SameResult(string text)
    {
        bool fromChars = Rfc3339.TryParse(text.AsSpan(), out var expected);
        bool fromBytes = Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var actual);

        Assert.Equal(fromChars, fromBytes);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void TryParse_CharWhoseLowByteIsADigit_IsInvalid()
    {
        // U+0130's low byte is '0': a reader that truncated characters to bytes would take it for a digit.
        Assert.True(Rfc3339.TryParse("2026-11-24T17:30:40Z".AsSpan(), out _));
        Assert.False(Rfc3339.TryParse("2026-11-24T17:30:4\u0130Z".AsSpan(), out _));
        Assert.False(Rfc3339.TryParse("2026-11-24T17:30:40.1\u0130Z".AsSpan(), out _));
    }
}
