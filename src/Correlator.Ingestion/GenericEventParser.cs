using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion;

/// <summary>
/// Reads the generic JSON event format (docs/ingestion.md), for tools that can post any JSON: a single
/// event object or an array of them. An event without <c>source</c> takes the endpoint's
/// <see cref="ParseContext.SourceHint"/>.
/// </summary>
public sealed class GenericEventParser : ISignalParser
{
    public const string FormatName = "events";

    private readonly IngestionLimits _limits;
    private readonly GenericEventReader _reader;

    public GenericEventParser(IngestionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits.Snapshot();
        _reader = new GenericEventReader(_limits);
    }

    public string Format => FormatName;

    public ParseResult Parse(ReadOnlyMemory<byte> utf8, ParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new ErrorList();
        using var document = JsonPayload.Parse(utf8, _limits, errors);
        return document is null ? errors.ToFailure() : ParseRoot(document.RootElement, context, errors);
    }

    internal ParseResult ParseRoot(JsonElement root, ParseContext context, ErrorList errors)
    {
        var defaults = new EventDefaults(Source: context.Source);
        if (root.ValueKind == JsonValueKind.Object)
        {
            var signal = _reader.Read(root, FieldPath.Root, defaults, errors);
            return signal is null ? errors.ToFailure() : ParseResult.Success([signal]);
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            errors.Add("$", $"expected an event object or an array of them, got {JsonValues.KindName(root)}");
            return errors.ToFailure();
        }

        return SignalArray.Read(root, string.Empty, "events", _limits.Signals, errors, (_reader, defaults), static (state, item, path, e) => state._reader.Read(item, path, state.defaults, e));
    }
}
