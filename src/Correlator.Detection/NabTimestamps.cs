using System.Globalization;

namespace Correlator.Detection;

/// <summary>NAB's timestamp text ("2014-04-10 07:15:00", labels add ".000000"), read as UTC.</summary>
internal static class NabTimestamps
{
    public const string Format = "yyyy-MM-dd HH:mm:ss";

    private static readonly string[] Formats = [Format, "yyyy-MM-dd HH:mm:ss.ffffff", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"];

    public static DateTimeOffset Parse(string text) => new(
        DateTime.ParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        TimeSpan.Zero);

    public static string Write(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
