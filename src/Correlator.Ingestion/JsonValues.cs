using System.Globalization;
using System.Text.Json;

namespace Correlator.Ingestion;

/// <summary>
/// Reads the scalar members of a payload object, reporting a precise error for a wrong type, an
/// over-long string or a bad time. JSON null counts as absent for every optional member.
/// </summary>
internal static class JsonValues
{
    private const int MaxValueShown = 64;

    /// <summary>The string, or null when absent; on a wrong type adds an error and returns null (check <see cref="ErrorList.Total"/>).</summary>
    public static string? OptionalString(JsonElement obj, string name, FieldPath path, Limit maxLength, ErrorList errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return AsString(value, path.Of(name), maxLength, errors);
    }

    /// <summary>A string that must be present and not blank.</summary>
    public static string? RequiredString(JsonElement obj, string name, FieldPath path, Limit maxLength, ErrorList errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path.Of(name), "required field is missing");
            return null;
        }

        var text = AsString(value, path.Of(name), maxLength, errors);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(path.Of(name), "must not be empty");
            return null;
        }

        return text;
    }

    /// <summary>Null for a blank string: an empty resource or service means "not known".</summary>
    public static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>Reads a string value at <paramref name="field"/>; null with an error when it is not one or is too long.</summary>
    public static string? AsString(JsonElement value, string field, Limit maxLength, ErrorList errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, $"expected a string, got {KindName(value)}");
            return null;
        }

        if (!TryGetText(value, field, errors, out var text))
        {
            return null;
        }

        if (maxLength.IsExceededBy(text.Length))
        {
            errors.Add(field, maxLength.Exceeded(text.Length, "characters"));
            return null;
        }

        return text;
    }

    /// <summary>
    /// The string when it is a valid one within the limit, without naming a field: the caller renders the
    /// field's path (and calls <see cref="AsString"/> for the error) only when this says no.
    /// </summary>
    public static bool TryGetPlainString(JsonElement value, Limit maxLength, out string text)
    {
        text = string.Empty;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            text = value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return !maxLength.IsExceededBy(text.Length);
    }

    /// <summary>An RFC 3339 time, or null when absent; Go's zero time comes back as <c>default</c>.</summary>
    public static DateTimeOffset? OptionalTime(JsonElement obj, string name, FieldPath path, ErrorList errors)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path.Of(name), $"expected an RFC 3339 time string, got {KindName(value)}");
            return null;
        }

        if (!TryGetText(value, path.Of(name), errors, out var text))
        {
            return null;
        }

        if (!Rfc3339.TryParse(text, out var time))
        {
            errors.Add(path.Of(name), $"{Quote(text)} is not an RFC 3339 time (e.g. 2026-03-02T10:00:00Z)");
            return null;
        }

        return time;
    }

    /// <summary>An RFC 3339 time that must be present and not Go's zero time (which means "unset").</summary>
    public static DateTimeOffset? RequiredTime(JsonElement obj, string name, FieldPath path, ErrorList errors)
    {
        int before = errors.Total;
        var time = OptionalTime(obj, name, path, errors);
        if (time is null)
        {
            if (errors.Total == before)
            {
                errors.Add(path.Of(name), "required field is missing");
            }

            return null;
        }

        if (Rfc3339.IsZero(time.Value))
        {
            errors.Add(path.Of(name), "0001-01-01T00:00:00Z is the zero time (unset); a real time is required");
            return null;
        }

        return time;
    }

    private static bool TryGetText(JsonElement value, string field, ErrorList errors, out string text)
    {
        try
        {
            text = value.GetString() ?? string.Empty;
            return true;
        }
        catch (InvalidOperationException)
        {
            // Valid UTF-8 can still escape a lone surrogate (\ud800), which no .NET string should carry.
            errors.Add(field, "the string is not valid Unicode (it escapes a lone surrogate)");
            text = string.Empty;
            return false;
        }
    }

    public static string KindName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The text of a string value; null for any other kind or a string that is not valid Unicode.</summary>
    public static string? TextOrNull(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A wrong value as an error message shows it: quoted when a string, else its JSON kind.</summary>
    public static string Describe(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return KindName(value);
        }

        return TextOrNull(value) is { } text ? Quote(text) : "a string that is not valid Unicode";
    }

    /// <summary>Quotes a sender's value for an error message, cut short so errors never echo a large payload.</summary>
    public static string Quote(string text) =>
        "\"" + (text.Length > MaxValueShown ? text[..MaxValueShown] + "…" : text) + "\"";

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
