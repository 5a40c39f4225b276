using System.Text.Json;

namespace Correlator.Ingestion;

/// <summary>
/// Reads one line of a replay file (newline-delimited JSON), where each line may be in any of the three
/// formats: an object with an <c>alerts</c> array and a <c>version</c> is an Alertmanager webhook payload,
/// one with <c>specversion</c> a CloudEvent, anything else a generic event. An array is a CloudEvents batch
/// when its first element is a CloudEvent, else an array of generic events.
/// </summary>
public sealed class NdjsonLineParser
{
    private readonly IngestionLimits _limits;
    private readonly AlertmanagerWebhookParser _alertmanager;
    private readonly GenericEventParser _events;
    private readonly CloudEventsParser _cloudEvents;

    public NdjsonLineParser(IngestionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits.Snapshot();
        _alertmanager = new AlertmanagerWebhookParser(_limits);
        _events = new GenericEventParser(_limits);
        _cloudEvents = new CloudEventsParser(_limits);
    }

    /// <summary>
    /// Parses one line (without or with its line break). A blank line is valid and yields no signals, so
    /// files may end with a newline or separate groups with empty lines. Error paths are relative to the line.
    /// </summary>
    public ParseResult ParseLine(ReadOnlyMemory<byte> line, ParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (line.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return ParseResult.Empty;
        }

        var errors = new ErrorList();
        using var document = JsonPayload.Parse(line, _limits, errors);
        if (document is null)
        {
            return errors.ToFailure();
        }

        var root = document.RootElement;
        return Detect(root) switch
        {
            AlertmanagerWebhookParser.FormatName => _alertmanager.ParseRoot(root, context, errors),
            CloudEventsParser.FormatName => _cloudEvents.ParseRoot(root, errors),
            _ => _events.ParseRoot(root, context, errors),
        };
    }

    /// <summary>The <see cref="ISignalParser.Format"/> a line would be parsed as; null for a line that is not JSON.</summary>
    public string? DetectFormat(ReadOnlyMemory<byte> line)
    {
        var errors = new ErrorList();
        using var document = JsonPayload.Parse(line, _limits, errors);
        return document is null ? null : Detect(document.RootElement);
    }

    private static string Detect(JsonElement root)
    {
        if (AlertmanagerWebhookParser.Recognizes(root))
        {
            return AlertmanagerWebhookParser.FormatName;
        }

        var first = root;
        if (root.ValueKind == JsonValueKind.Array)
        {
            using var items = root.EnumerateArray();
            first = items.MoveNext() ? items.Current : default;
        }

        return CloudEventsParser.Recognizes(first) ? CloudEventsParser.FormatName : GenericEventParser.FormatName;
    }
}
