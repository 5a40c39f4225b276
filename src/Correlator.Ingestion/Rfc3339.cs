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

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        // Shortest form: 2006-01-02T15:04:05Z
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || (text[10] is not ('T' or 't')) || text[13] != ':' || text[16] != ':')
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
        if (text[i] == '.')
        {
            int start = ++i;
            long scale = TimeSpan.TicksPerSecond;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                // Digits beyond 100 ns (Go sends up to 9) are truncated.
                scale /= 10;
                fractionTicks += (text[i] - '0') * scale;
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

    private static bool TryOffset(ReadOnlySpan<char> text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is ['Z'] or ['z'])
        {
            return true;
        }

        if (text.Length != 6 || text[0] is not ('+' or '-') || text[3] != ':'
            || !TryDigits(text[1..3], out int hours) || !TryDigits(text[4..6], out int minutes) || hours > 23 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
