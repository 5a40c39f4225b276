using System.Numerics;

namespace Correlator.Ingestion;

/// <summary>
/// A strict RFC 3339 (section 5.6) date-time reader. System.Text.Json also accepts dates without a time
/// and times without an offset, which would silently be read as local time; event time must not depend
/// on the host, so the offset is required here. Results are normalised to UTC.
/// </summary>
internal static class Rfc3339
{
    /// <summary>Go's zero time, which Alertmanager sends for "no end time".</summary>
    public static bool IsZero(DateTimeOffset value) => value == default;

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value) => TryParseText(text, out value);

    /// <summary>The same reader over UTF-8 bytes as they are in a payload (no decoding: a valid time is ASCII).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value) => TryParseText(utf8, out value);

    // Generic over the code unit; every position is checked against ASCII, so a non-ASCII unit (a char above
    // 0x7F or a UTF-8 lead or continuation byte) makes the text invalid whichever form it comes in.
    private static bool TryParseText<T>(ReadOnlySpan<T> text, out DateTimeOffset value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = default;
        // Shortest form: 2006-01-02T15:04:05Z
        if (text.Length < 20 || At(text, 4) != '-' || At(text, 7) != '-' || (At(text, 10) is not ('T' or 't')) || At(text, 13) != ':' || At(text, 16) != ':')
        {
            return false;
        }

        if (!TryDigits(text[..4], out int year) || !TryDigits(text[5..7], out int month) || !TryDigits(text[8..10], out int day)
            || !TryDigits(text[11..13], out int hour) || !TryDigits(text[14..16], out int minute) || !TryDigits(text[17..19], out int second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        int i = 19;
        long fractionTicks = 0;
        if (At(text, i) == '.')
        {
            int start = ++i;
            long scale = TimeSpan.TicksPerSecond;
            while (i < text.Length && char.IsAsciiDigit(At(text, i)))
            {
                // Digits beyond 100 ns (Go sends up to 9) are truncated.
                scale /= 10;
                fractionTicks += (At(text, i) - '0') * scale;
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (!TryOffset(text[i..], out var offset))
        {
            return false;
        }

        long ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks - offset.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private static bool TryOffset<T>(ReadOnlySpan<T> text, out TimeSpan offset)
        where T : unmanaged, IBinaryInteger<T>
    {
        offset = TimeSpan.Zero;
        if (text.Length == 1 && (At(text, 0) is 'Z' or 'z'))
        {
            return true;
        }

        if (text.Length != 6 || At(text, 0) is not ('+' or '-') || At(text, 3) != ':'
            || !TryDigits(text[1..3], out int hours) || !TryDigits(text[4..6], out int minutes) || hours > 23 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (At(text, 0) == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool TryDigits<T>(ReadOnlySpan<T> text, out int value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = At(text, i);
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>The code unit at <paramref name="index"/> as a character; a unit above 0xFFFF never occurs (char or byte).</summary>
    private static char At<T>(ReadOnlySpan<T> text, int index)
        where T : unmanaged, IBinaryInteger<T> => (char)ushort.CreateTruncating(text[index]);
}
