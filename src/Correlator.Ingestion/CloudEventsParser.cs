using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion;

/// <summary>
/// Reads CloudEvents 1.0 in structured JSON mode, single (<c>application/cloudevents+json</c>) or batch
/// (<c>application/cloudevents-batch+json</c>). The <c>data</c> object is a generic event (docs/ingestion.md);
/// the envelope supplies its source, time and resource when data leaves them out, and identifies it.
/// </summary>
public sealed partial class CloudEventsParser : ISignalParser
{
    public const string FormatName = "cloudevents";
    public const string SingleContentType = "application/cloudevents+json";
    public const string BatchContentType = "application/cloudevents-batch+json";

    private readonly IngestionLimits _limits;
    private readonly GenericEventReader _reader;

    public CloudEventsParser(IngestionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits.Snapshot();
        _reader = new GenericEventReader(_limits);
    }

    public string Format => FormatName;

    /// <summary>Accepts a single event (an object) and a batch (an array) alike, whatever the content type said.</summary>
    public ParseResult Parse(ReadOnlyMemory<byte> utf8, ParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new ErrorList();
        using var document = JsonPayload.Parse(utf8, _limits, errors);
        return document is null ? errors.ToFailure() : ParseRoot(document.RootElement, errors);
    }

    /// <summary>True when a JSON object carries <c>specversion</c>, the one attribute every CloudEvent has.</summary>
    internal static bool Recognizes(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("specversion", out _);

    internal ParseResult ParseRoot(JsonElement root, ErrorList errors)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            var signal = ReadEvent(root, FieldPath.Root, errors);
            return signal is null ? errors.ToFailure() : ParseResult.Success([signal]);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            errors.Add("$", $"expected a CloudEvent object or a batch (array) of them, got {JsonValues.KindName(root)}");
            return errors.ToFailure();
        }

        return SignalArray.Read(root, string.Empty, "CloudEvents", _limits.Signals, errors, this, static (self, item, path, e) => self.ReadEvent(item, path, e));
    }
}
