using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion;

public sealed partial class CloudEventsParser
{
    private const string SupportedSpecVersion = "1.0";
    private const string Envelope = "the CloudEvent";

    // Stands in for an envelope attribute that was present but invalid, so that its one error is not
    // echoed by "missing" errors on the data; the event is rejected anyway.
    private const string InvalidSource = "invalid";
    private static readonly DateTimeOffset InvalidTime = DateTimeOffset.UnixEpoch;

    private Signal? ReadEvent(JsonElement ce, FieldPath path, ErrorList errors)
    {
        if (ce.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path.Self(), $"expected a CloudEvent object, got {JsonValues.KindName(ce)}");
            return null;
        }

        int before = errors.Total;
        CheckSpecVersion(ce, path, errors);
        var id = JsonValues.RequiredString(ce, "id", path, _limits.ValueLength, errors);
        var source = ReadSource(ce, path, errors);
        JsonValues.RequiredString(ce, "type", path, _limits.ValueLength, errors);
        int timeMark = errors.Total;
        var time = JsonValues.OptionalTime(ce, "time", path, errors);
        if (time is { } zero && Rfc3339.IsZero(zero))
        {
            errors.Add(path.Of("time"), "0001-01-01T00:00:00Z is the zero time (unset); send a real time or leave time out");
        }

        bool timeInvalid = errors.Total != timeMark;
        var subject = JsonValues.NullIfBlank(JsonValues.OptionalString(ce, "subject", path, _limits.ValueLength, errors));
        JsonValues.OptionalString(ce, "dataschema", path, _limits.ValueLength, errors);
        var data = ReadData(ce, path, errors);
        if (data is not { } dataObject)
        {
            return null;
        }

        var defaults = new EventDefaults(
            Source: source ?? InvalidSource,
            Time: timeInvalid ? InvalidTime : time,
            Resource: subject,
            // The spec makes source + id unique; a URI-reference holds no space, so the pair stays unambiguous.
            EventId: source + " " + id,
            Envelope: Envelope);
        var signal = _reader.Read(dataObject, path.Member("data"), defaults, errors);
        return errors.Total == before ? signal : null;
    }

    private static void CheckSpecVersion(JsonElement ce, FieldPath path, ErrorList errors)
    {
        if (!ce.TryGetProperty("specversion", out var version) || version.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path.Of("specversion"), $"required field is missing (expected \"{SupportedSpecVersion}\")");
        }
        else if (version.ValueKind != JsonValueKind.String || !version.ValueEquals(SupportedSpecVersion))
        {
            errors.Add(path.Of("specversion"), $"{JsonValues.Describe(version)} is not supported; only CloudEvents \"{SupportedSpecVersion}\" is accepted");
        }
    }

    private string? ReadSource(JsonElement ce, FieldPath path, ErrorList errors)
    {
        var source = JsonValues.RequiredString(ce, "source", path, _limits.ValueLength, errors);
        if (source is not null && !IsUriReference(source))
        {
            errors.Add(path.Of("source"), $"{JsonValues.Quote(source)} is not a URI-reference (RFC 3986)");
            return null;
        }

        return source;
    }

    /// <summary>The data object, or null with the error added; only JSON data maps onto a signal.</summary>
    private JsonElement? ReadData(JsonElement ce, FieldPath path, ErrorList errors)
    {
        var contentType = JsonValues.OptionalString(ce, "datacontenttype", path, _limits.ValueLength, errors);
        if (contentType is not null && !IsJsonMediaType(contentType))
        {
            errors.Add(path.Of("datacontenttype"), $"{JsonValues.Quote(contentType)} is not accepted; only JSON data is accepted (application/json or a +json type)");
        }

        if (ce.TryGetProperty("data_base64", out var base64) && base64.ValueKind != JsonValueKind.Null)
        {
            errors.Add(path.Of("data_base64"), "binary data is not accepted; only JSON data is accepted: send the event as a JSON object in data");
            return null;
        }

        if (!ce.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path.Of("data"), "required field is missing (a JSON object describing the event: name, status, severity...)");
            return null;
        }

        if (data.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path.Of("data"), $"expected a JSON object describing the event, got {JsonValues.KindName(data)}");
            return null;
        }

        return data;
    }

    private static bool IsUriReference(string text)
    {
        // RFC 3986 allows no whitespace or control characters anywhere in a URI-reference.
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _);
    }

    private static bool IsJsonMediaType(string contentType)
    {
        var mediaType = contentType.AsSpan();
        int semicolon = mediaType.IndexOf(';');
        mediaType = (semicolon >= 0 ? mediaType[..semicolon] : mediaType).Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }
}
