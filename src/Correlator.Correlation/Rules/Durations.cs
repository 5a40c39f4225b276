using System.Globalization;

namespace Correlator.Correlation.Rules;

/// <summary>Parses rule-file durations: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>, <c>250ms</c>, or a .NET time span <c>00:05:00</c>.</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
        }

        int i = 0;
        bool any = false;
        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unit = i + 1 < text.Length && text[i] == 'm' && text[i + 1] == 's' ? "ms" : i < text.Length ? text[i].ToString() : string.Empty;
            i += unit.Length;
            TimeSpan part;
            switch (unit)
            {
                case "ms": part = TimeSpan.FromMilliseconds(number); break;
                case "s": part = TimeSpan.FromSeconds(number); break;
                case "m": part = TimeSpan.FromMinutes(number); break;
                case "h": part = TimeSpan.FromHours(number); break;
                case "d": part = TimeSpan.FromDays(number); break;
                default: return false;
            }

            value += part;
            any = true;
        }

        return any;
    }
}
