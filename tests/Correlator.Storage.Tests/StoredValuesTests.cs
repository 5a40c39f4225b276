using System.Text;

namespace Correlator.Storage.Tests;

public sealed class StoredValuesTests
{
    public static TheoryData<DateTimeOffset> Times => new(
        new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1),
        new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999),
        new DateTimeOffset(2026, 11, 24, 18, 7, 3, TimeSpan.FromHours(-5)).AddTicks(1_234_567),
        new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.FromHours(14)).AddTicks(10));

    [Theory]
    [MemberData(nameof(Times))]
    public void FormatTime_AnyTime_MatchesTheTextForm(DateTimeOffset time)
    {
        var utf8 = new byte[28];

        StoredValues.FormatTime(time, utf8);

        Assert.Equal(StoredValues.Time(time), Encoding.UTF8.GetString(utf8));
        Assert.Equal(time, StoredValues.ParseTime(Encoding.UTF8.GetString(utf8)));
    }

    [Fact]
    public void FormatTime_ShortBuffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => StoredValues.FormatTime(DateTimeOffset.UnixEpoch, new byte[27]));
    }
}
