namespace Correlator.Ingestion.LineProtocol;

/// <summary>Converts between line-protocol timestamps (integers in a precision, from the Unix epoch) and event times.</summary>
public static class LineProtocolTime
{
    private const long TicksPerMicrosecond = 10;

    /// <summary>Reads InfluxDB's precision names: n / ns, u / us / µ, ms, s, m, h; empty or null means nanoseconds.</summary>
    public static bool TryParsePrecision(string? text, out LineProtocolPrecision precision)
    {
        precision = text switch
        {
            null or "" or "n" or "ns" => LineProtocolPrecision.Nanoseconds,
            "u" or "us" or "µ" => LineProtocolPrecision.Microseconds,
            "ms" => LineProtocolPrecision.Milliseconds,
            "s" => LineProtocolPrecision.Seconds,
            "m" => LineProtocolPrecision.Minutes,
            "h" => LineProtocolPrecision.Hours,
            _ => (LineProtocolPrecision)(-1),
        };
        return precision >= 0;
    }

    /// <summary>The wire name of a precision (the form InfluxDB's <c>/write</c> takes).</summary>
    public static string Name(LineProtocolPrecision precision) => precision switch
    {
        LineProtocolPrecision.Nanoseconds => "ns",
        LineProtocolPrecision.Microseconds => "u",
        LineProtocolPrecision.Milliseconds => "ms",
        LineProtocolPrecision.Seconds => "s",
        LineProtocolPrecision.Minutes => "m",
        LineProtocolPrecision.Hours => "h",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };

    /// <summary>
    /// The event time of a timestamp, or false when it falls outside what a <see cref="DateTimeOffset"/> holds.
    /// Nanoseconds are truncated to the 100 ns tick.
    /// </summary>
    public static bool TryToTime(long timestamp, LineProtocolPrecision precision, out DateTimeOffset time)
    {
        time = default;
        long ticks;
        try
        {
            ticks = precision switch
            {
                LineProtocolPrecision.Nanoseconds => timestamp / 100,
                LineProtocolPrecision.Microseconds => checked(timestamp * TicksPerMicrosecond),
                LineProtocolPrecision.Milliseconds => checked(timestamp * TimeSpan.TicksPerMillisecond),
                LineProtocolPrecision.Seconds => checked(timestamp * TimeSpan.TicksPerSecond),
                LineProtocolPrecision.Minutes => checked(timestamp * TimeSpan.TicksPerMinute),
                _ => checked(timestamp * TimeSpan.TicksPerHour),
            };
            ticks = checked(ticks + DateTimeOffset.UnixEpoch.UtcTicks);
        }
        catch (OverflowException)
        {
            return false;
        }

        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        time = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    /// <summary>The timestamp of an event time in a precision (truncated towards the past).</summary>
    public static long FromTime(DateTimeOffset time, LineProtocolPrecision precision)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return precision switch
        {
            LineProtocolPrecision.Nanoseconds => checked(ticks * 100),
            LineProtocolPrecision.Microseconds => Floor(ticks, TicksPerMicrosecond),
            LineProtocolPrecision.Milliseconds => Floor(ticks, TimeSpan.TicksPerMillisecond),
            LineProtocolPrecision.Seconds => Floor(ticks, TimeSpan.TicksPerSecond),
            LineProtocolPrecision.Minutes => Floor(ticks, TimeSpan.TicksPerMinute),
            _ => Floor(ticks, TimeSpan.TicksPerHour),
        };
    }

    private static long Floor(long ticks, long unit) => ticks >= 0 ? ticks / unit : -((-ticks + unit - 1) / unit);
}
