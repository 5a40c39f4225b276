using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Correlator.Domain;

namespace Correlator.Ingestion;

/// <summary>
/// The fast reader: one forward pass of <see cref="Utf8JsonReader"/> over the payload, no document, label names
/// shared through <see cref="LabelNameCache"/> and recurring short values through <see cref="LabelValueCache"/>. It accepts only a payload that is valid in every respect and
/// gives up (returns false, having reported nothing) at the first thing the document reader would report or
/// that it does not handle itself (an escaped property name, an escaped time, more names in one object than
/// <see cref="MaxNamesPerObject"/>); the document reader then reads the payload and words the errors, so
/// results and errors are those of the document reader in every case.
/// </summary>
public sealed partial class AlertmanagerWebhookParser
{
    /// <summary>Objects with more members than this go to the document reader (the duplicate check here is quadratic).</summary>
    private const int MaxNamesPerObject = 128;

    /// <summary>Longest time string read here; longer (never valid RFC 3339) ones go to the document reader.</summary>
    private const int MaxTimeLength = 64;

    // Per thread: the (offset, length) of the member names of every open object, to reject duplicate names as
    // the document reader does (AllowDuplicateProperties = false), and the scratch pairs of one label set.
    [ThreadStatic]
    private static List<(int Offset, int Length)>? t_names;

    [ThreadStatic]
    private static KeyValuePair<string, string>[]? t_pairs;

    private enum TimeRead
    {
        Absent,
        Read,
        Invalid,
    }

    internal bool TryParseSinglePass(ReadOnlySpan<byte> utf8, string source, out ParseResult result)
    {
        result = ParseResult.Empty;
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        if (!Utf8.IsValid(utf8))
        {
            return false;
        }

        var names = t_names ??= [];
        names.Clear();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = _limits.MaxJsonDepth });
        try
        {
            var signals = ReadRootSinglePass(ref reader, utf8, source, names);
            if (signals is null)
            {
                return false;
            }

            result = ParseResult.Success(signals);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // A string escaping a lone surrogate.
            return false;
        }
    }

    private IReadOnlyList<Signal>? ReadRootSinglePass(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string source, List<(int Offset, int Length)> names)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        bool versionSeen = false;
        IReadOnlyList<Signal>? signals = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!AddName(ref reader, utf8, names, 0))
            {
                return null;
            }

            if (reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(SupportedVersion))
                {
                    return null;
                }

                versionSeen = true;
            }
            else if (reader.ValueTextEquals("alerts"u8))
            {
                reader.Read();
                signals = reader.TokenType == JsonTokenType.StartArray ? ReadAlertsSinglePass(ref reader, utf8, source, names) : null;
                if (signals is null)
                {
                    return null;
                }
            }
            else
            {
                reader.Read();
                if (!SkipValue(ref reader, utf8, names))
                {
                    return null;
                }
            }
        }

        // Nothing but white space may follow the object (the reader throws on anything else).
        return versionSeen && !reader.Read() ? signals : null;
    }

    private IReadOnlyList<Signal>? ReadAlertsSinglePass(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string source, List<(int Offset, int Length)> names)
    {
        // A webhook most often carries one alert (always, from a Kafka topic of one alert per message): it is
        // returned in an array of one, the list is made for a second one.
        Signal? first = null;
        List<Signal>? signals = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            int count = signals?.Count ?? (first is null ? 0 : 1);
            if (reader.TokenType != JsonTokenType.StartObject || _limits.Signals.IsExceededBy(count + 1))
            {
                return null;
            }

            if (ReadAlertSinglePass(ref reader, utf8, source, names) is not { } signal)
            {
                return null;
            }

            if (first is null)
            {
                first = signal;
            }
            else
            {
                signals ??= [first];
                signals.Add(signal);
            }
        }

        if (signals is not null)
        {
            return signals;
        }

        return first is null ? [] : new[] { first };
    }

    private Signal? ReadAlertSinglePass(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, string source, List<(int Offset, int Length)> names)
    {
        int scope = names.Count;
        SignalStatus? status = null;
        LabelSet? labels = null;
        LabelSet annotations = LabelSet.Empty;
        DateTimeOffset? startsAt = null, endsAt = null;
        string? fingerprint = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!AddName(ref reader, utf8, names, scope))
            {
                return null;
            }

            bool ok;
            if (reader.ValueTextEquals("labels"u8))
            {
                reader.Read();
                labels = ReadPairs(ref reader, utf8, names, _limits.Labels, _limits.ValueLength);
                ok = labels is not null;
            }
            else if (reader.ValueTextEquals("annotations"u8))
            {
                reader.Read();
                var read = ReadPairs(ref reader, utf8, names, _limits.Annotations, _limits.AnnotationLength);
                annotations = read ?? LabelSet.Empty;
                ok = read is not null;
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                status = reader.TokenType != JsonTokenType.String ? null
                    : reader.ValueTextEquals("firing"u8) ? SignalStatus.Firing
                    : reader.ValueTextEquals("resolved"u8) ? SignalStatus.Resolved
                    : null;
                ok = status is not null;
            }
            else if (reader.ValueTextEquals("startsAt"u8))
            {
                reader.Read();
                ok = ReadTime(ref reader, out var time) == TimeRead.Read && !Rfc3339.IsZero(time);
                startsAt = time;
            }
            else if (reader.ValueTextEquals("endsAt"u8))
            {
                reader.Read();
                var read = ReadTime(ref reader, out var time);
                ok = read != TimeRead.Invalid;
                endsAt = read == TimeRead.Read ? time : null;
            }
            else if (reader.ValueTextEquals("fingerprint"u8))
            {
                reader.Read();
                ok = ReadOptionalString(ref reader, _limits.ValueLength, out fingerprint);
            }
            else
            {
                reader.Read();
                ok = SkipValue(ref reader, utf8, names);
            }

            if (!ok)
            {
                return null;
            }
        }

        names.RemoveRange(scope, names.Count - scope);
        if (status is null || labels is null || startsAt is null || JsonValues.NullIfBlank(labels.GetValueOrDefault("alertname")) is not { } name)
        {
            return null;
        }

        if (status == SignalStatus.Resolved && (endsAt is null || Rfc3339.IsZero(endsAt.Value) || endsAt.Value < startsAt.Value))
        {
            return null;
        }

        return BuildSignal(source, JsonValues.NullIfBlank(fingerprint), name, status.Value, labels, annotations, startsAt.Value, endsAt);
    }

    /// <summary>An object of string values as a label set (<see cref="LabelSet.Empty"/> for null); null when the document reader would report it.</summary>
    private LabelSet? ReadPairs(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, List<(int Offset, int Length)> names, Limit count, Limit valueLength)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return LabelSet.Empty;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        int scope = names.Count;
        var pairs = t_pairs ??= new KeyValuePair<string, string>[16];
        int n = 0;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!AddName(ref reader, utf8, names, scope) || reader.ValueSpan.IsEmpty || count.IsExceededBy(n + 1))
                {
                    return null;
                }

                var name = _labelNames.Get(reader.ValueSpan);
                reader.Read();
                if (_limits.NameLength.IsExceededBy(name.Length) || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                // Unescaped values are valid UTF-8 as they stand (the payload was checked): recurring ones are shared.
                var text = reader.ValueIsEscaped ? reader.GetString() ?? string.Empty : _labelValues.Get(reader.ValueSpan);
                if (valueLength.IsExceededBy(text.Length))
                {
                    return null;
                }

                if (n == pairs.Length)
                {
                    Array.Resize(ref pairs, n * 2);
                    t_pairs = pairs;
                }

                pairs[n++] = new(name, text);
            }

            names.RemoveRange(scope, names.Count - scope);
            return n == 0 ? LabelSet.Empty : LabelSet.From(pairs.AsSpan(0, n));
        }
        finally
        {
            Array.Clear(pairs, 0, n);
        }
    }

    private static TimeRead ReadTime(ref Utf8JsonReader reader, out DateTimeOffset time)
    {
        time = default;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return TimeRead.Absent;
        }

        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.ValueSpan.Length > MaxTimeLength)
        {
            return TimeRead.Invalid;
        }

        // Read from the payload's bytes: a valid time is ASCII, and any other byte makes it invalid as a character would.
        return Rfc3339.TryParse(reader.ValueSpan, out time) ? TimeRead.Read : TimeRead.Invalid;
    }

    private static bool ReadOptionalString(ref Utf8JsonReader reader, Limit maxLength, out string? text)
    {
        text = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        text = reader.GetString() ?? string.Empty;
        return !maxLength.IsExceededBy(text.Length);
    }

    /// <summary>Records the current member name of the object whose names start at <paramref name="scope"/>; false for an escaped or repeated name.</summary>
    private static bool AddName(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, List<(int Offset, int Length)> names, int scope)
    {
        var name = reader.ValueSpan;
        if (reader.ValueIsEscaped || names.Count - scope >= MaxNamesPerObject)
        {
            return false;
        }

        // Every name is compared with every earlier one of its object (a payload's root has ten): the length and
        // the last byte, read in place, settle nearly all of them before a full comparison.
        foreach (var (offset, length) in CollectionsMarshal.AsSpan(names)[scope..])
        {
            if (length == name.Length && (length == 0 || utf8[offset + length - 1] == name[^1]) && utf8.Slice(offset, length).SequenceEqual(name))
            {
                return false;
            }
        }

        // An empty name has no position in the payload; offset 0 with length 0 compares equal to the next empty one.
        names.Add((name.IsEmpty || !utf8.Overlaps(name, out int start) ? 0 : start, name.Length));
        return true;
    }

    /// <summary>Steps over the value at the reader, checking the names of every object inside for duplicates.</summary>
    private static bool SkipValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, List<(int Offset, int Length)> names)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            int scope = names.Count;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!AddName(ref reader, utf8, names, scope))
                {
                    return false;
                }

                reader.Read();
                if (!SkipValue(ref reader, utf8, names))
                {
                    return false;
                }
            }

            names.RemoveRange(scope, names.Count - scope);
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (!SkipValue(ref reader, utf8, names))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
