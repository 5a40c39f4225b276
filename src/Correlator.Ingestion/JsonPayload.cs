using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Correlator.Ingestion;

/// <summary>Opens a payload as a JSON document, turning every way the bytes can be unreadable into an error on <c>$</c>.</summary>
internal static class JsonPayload
{
    /// <summary>Returns null, with the error added, when the body is not well-formed JSON.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> utf8, IngestionLimits limits, ErrorList errors)
    {
        // Some tools (and files saved on Windows) start with a BOM, which the JSON reader rejects.
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        if (IsBlank(utf8.Span))
        {
            errors.Add("$", "the body is empty; expected a JSON document");
            return null;
        }

        // The reader does not validate UTF-8 inside strings; checking here gives one clear error instead of one per string.
        if (!Utf8.IsValid(utf8.Span))
        {
            errors.Add("$", $"the body is not valid UTF-8 (first bad byte at offset {FirstInvalidByte(utf8.Span)})");
            return null;
        }

        var options = new JsonDocumentOptions
        {
            MaxDepth = limits.MaxJsonDepth,
            // Duplicate names would make labels, and so fingerprints, depend on which copy a reader keeps.
            AllowDuplicateProperties = false,
        };
        try
        {
            return JsonDocument.Parse(utf8, options);
        }
        catch (JsonException ex)
        {
            errors.Add("$", Describe(ex, limits));
            return null;
        }
    }

    private static string Describe(JsonException ex, IngestionLimits limits)
    {
        // The reader appends its own 0-based position; report it 1-based, as editors count.
        var message = ex.Message;
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            message += $" ({IngestionLimits.SectionName}:{nameof(IngestionLimits.MaxJsonDepth)} is {limits.MaxJsonDepth})";
        }

        return ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? $"malformed JSON at line {line + 1}, byte {position + 1}: {message}"
            : $"malformed JSON: {message}";
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8) => utf8.TrimStart(" \t\r\n"u8).IsEmpty;

    private static int FirstInvalidByte(ReadOnlySpan<byte> utf8)
    {
        int offset = 0;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                break;
            }

            offset += consumed;
        }

        return offset;
    }
}
