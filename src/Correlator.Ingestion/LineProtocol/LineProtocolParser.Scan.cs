using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Correlator.Ingestion.LineProtocol;

public sealed partial class LineProtocolParser
{
    /// <summary>Which element is being scanned; it decides the characters that end it and the escapes it knows.</summary>
    private enum Stop
    {
        Measurement,
        Key,
        TagValue,
    }

    /// <summary>Advances past a name to the first unescaped character that ends it; returns its end.</summary>
    private static int ScanName(ReadOnlySpan<byte> line, ref int i, Stop stop)
    {
        while (i < line.Length)
        {
            byte b = line[i];
            if (b == (byte)'\\' && i + 1 < line.Length)
            {
                i += 2;
                continue;
            }

            if (b == (byte)' ' || b == (byte)',' || (b == (byte)'=' && stop == Stop.Key))
            {
                break;
            }

            i++;
        }

        return i;
    }

    /// <summary>Removes InfluxDB 1.x escapes: <c>\,</c> and <c>\ </c> everywhere, <c>\=</c> in keys and tag values; other backslashes stay.</summary>
    private static string Unescape(ReadOnlySpan<byte> raw, Stop stop)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        Span<byte> buffer = raw.Length <= 512 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            byte b = raw[i];
            if (b == (byte)'\\' && i + 1 < raw.Length)
            {
                byte next = raw[i + 1];
                if (next == (byte)',' || next == (byte)' ' || (next == (byte)'=' && stop != Stop.Measurement))
                {
                    buffer[n++] = next;
                    i++;
                    continue;
                }
            }

            buffer[n++] = b;
        }

        return Encoding.UTF8.GetString(buffer[..n]);
    }

    /// <summary>Skips a quoted string value starting at its opening quote; false when it never closes.</summary>
    private static bool SkipString(ReadOnlySpan<byte> line, ref int i)
    {
        i++;
        while (i < line.Length)
        {
            byte b = line[i];
            if (b == (byte)'\\' && i + 1 < line.Length)
            {
                i += 2;
                continue;
            }

            i++;
            if (b == (byte)'"')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The end of the series section (measurement and tags): the first unescaped space, or the line's length.</summary>
    private static int ScanSection(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length)
        {
            byte b = line[i];
            if (b == (byte)'\\' && i + 1 < line.Length)
            {
                i += 2;
                continue;
            }

            if (b == (byte)' ')
            {
                break;
            }

            i++;
        }

        return i;
    }

    /// <summary>Reads an unquoted field value: float, integer (<c>i</c>), unsigned (<c>u</c>) or boolean.</summary>
    private static string? ReadValue(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> rawKey, out double value)
    {
        // The key is only named in errors: unescaped then, not for every good value.

        value = 0;
        if (raw.IsEmpty)
        {
            return $"missing value of field '{Unescape(rawKey, Stop.Key)}'";
        }

        byte last = raw[^1];
        if (last == (byte)'i')
        {
            if (!Utf8Parser.TryParse(raw[..^1], out long integer, out int used) || used != raw.Length - 1)
            {
                return $"invalid integer '{Encoding.UTF8.GetString(raw)}' of field '{Unescape(rawKey, Stop.Key)}'";
            }

            value = integer;
            return null;
        }

        if (last == (byte)'u')
        {
            if (!Utf8Parser.TryParse(raw[..^1], out ulong unsigned, out int used) || used != raw.Length - 1)
            {
                return $"invalid unsigned integer '{Encoding.UTF8.GetString(raw)}' of field '{Unescape(rawKey, Stop.Key)}'";
            }

            value = unsigned;
            return null;
        }

        if (TryBoolean(raw, out bool flag))
        {
            value = flag ? 1.0 : 0.0;
            return null;
        }

        // Digits, sign, point and exponent only: .NET would also take "NaN", "Infinity" or spaces, InfluxDB does not.
        foreach (byte b in raw)
        {
            if (!(b is >= (byte)'0' and <= (byte)'9' || b is (byte)'.' or (byte)'-' or (byte)'+' or (byte)'e' or (byte)'E'))
            {
                return $"invalid number '{Encoding.UTF8.GetString(raw)}' of field '{Unescape(rawKey, Stop.Key)}'";
            }
        }

        if (!double.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
            || !double.IsFinite(value))
        {
            return $"invalid number '{Encoding.UTF8.GetString(raw)}' of field '{Unescape(rawKey, Stop.Key)}'";
        }

        return null;
    }

    private static bool TryBoolean(ReadOnlySpan<byte> raw, out bool value)
    {
        value = raw.Length > 0 && (raw[0] == (byte)'t' || raw[0] == (byte)'T');
        return raw.SequenceEqual("t"u8) || raw.SequenceEqual("T"u8) || raw.SequenceEqual("true"u8) || raw.SequenceEqual("True"u8) || raw.SequenceEqual("TRUE"u8)
            || raw.SequenceEqual("f"u8) || raw.SequenceEqual("F"u8) || raw.SequenceEqual("false"u8) || raw.SequenceEqual("False"u8) || raw.SequenceEqual("FALSE"u8);
    }

    private static void SkipSpaces(ReadOnlySpan<byte> line, ref int i)
    {
        while (i < line.Length && line[i] == (byte)' ')
        {
            i++;
        }
    }

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && (text[i] == (byte)' ' || text[i] == (byte)'\t'))
        {
            i++;
        }

        return text[i..];
    }

    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> text)
    {
        int end = text.Length;
        while (end > 0 && (text[end - 1] == (byte)' ' || text[end - 1] == (byte)'\t'))
        {
            end--;
        }

        return text[..end];
    }

    /// <summary>
    /// Splits a body into lines. A line break inside a quoted string field value belongs to the value
    /// (InfluxDB allows it), so quotes are followed once the fields begin (after the first unescaped space).
    /// </summary>
    private ref struct LineReader(ReadOnlySpan<byte> body)
    {
        private readonly ReadOnlySpan<byte> _body = body;
        private int _position;

        public bool Next(out ReadOnlySpan<byte> line)
        {
            if (_position >= _body.Length)
            {
                line = default;
                return false;
            }

            int start = _position;
            int i = start;
            while (i < _body.Length && (_body[i] == (byte)' ' || _body[i] == (byte)'\t'))
            {
                i++;
            }

            bool comment = i < _body.Length && _body[i] == (byte)'#';
            bool inFields = false;
            bool quoted = false;
            bool afterEquals = false;
            while (i < _body.Length)
            {
                byte b = _body[i];
                if (b == (byte)'\n' && !quoted)
                {
                    break;
                }

                if (!comment)
                {
                    if (b == (byte)'\\' && i + 1 < _body.Length && _body[i + 1] != (byte)'\n')
                    {
                        i += 2;
                        afterEquals = false;
                        continue;
                    }

                    // A quote opens a string only as the first byte of a field value; a quote in a key is a plain byte.
                    if (quoted)
                    {
                        quoted = b != (byte)'"';
                    }
                    else if (b == (byte)' ' && !inFields)
                    {
                        inFields = true;
                    }
                    else if (b == (byte)'"' && inFields && afterEquals)
                    {
                        quoted = true;
                    }

                    afterEquals = inFields && !quoted && b == (byte)'=';
                }

                i++;
            }

            line = _body[start..i];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            _position = i + 1;
            return true;
        }
    }
}
