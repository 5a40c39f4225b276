using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion;

/// <summary>
/// Reads the webhook that Prometheus Alertmanager (version 4 payload, as sent by 0.25) posts to a receiver:
/// one signal per alert in the notification group. The source is <c>alertmanager</c>, or the endpoint's
/// <see cref="ParseContext.SourceHint"/> when one is configured.
/// </summary>
public sealed partial class AlertmanagerWebhookParser : ISignalParser
{
    public const string FormatName = "alertmanager";

    private const string SupportedVersion = "4";

    private readonly IngestionLimits _limits;
    private readonly LabelReader _labels;
    private readonly LabelReader _annotations;
    private readonly LabelNameCache _labelNames;
    private readonly LabelValueCache _labelValues;

    public AlertmanagerWebhookParser(IngestionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits.Snapshot();
        _labels = LabelReader.ForLabels(_limits);
        _annotations = LabelReader.ForAnnotations(_limits);
        _labelNames = new LabelNameCache(_limits.LabelNameCacheEntries);
        _labelValues = new LabelValueCache(_limits.LabelValueCacheEntries);
    }

    public string Format => FormatName;

    public ParseResult Parse(ReadOnlyMemory<byte> utf8, ParseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TryParseSinglePass(utf8.Span, context.Source ?? FormatName, out var result) ? result : ParseDocument(utf8, context);
    }

    /// <summary>The document reader alone: what <see cref="Parse"/> falls back to, and the reference its fast reader is tested against.</summary>
    internal ParseResult ParseDocument(ReadOnlyMemory<byte> utf8, ParseContext context)
    {
        var errors = new ErrorList();
        using var document = JsonPayload.Parse(utf8, _limits, errors);
        return document is null ? errors.ToFailure() : ParseRoot(document.RootElement, context, errors);
    }

    /// <summary>True when a JSON object looks like a webhook payload: an <c>alerts</c> array and a <c>version</c>.</summary>
    internal static bool Recognizes(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("version", out _)
        && root.TryGetProperty("alerts", out var alerts) && alerts.ValueKind == JsonValueKind.Array;

    internal ParseResult ParseRoot(JsonElement root, ParseContext context, ErrorList errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", $"expected a JSON object (an Alertmanager webhook payload), got {JsonValues.KindName(root)}");
            return errors.ToFailure();
        }

        CheckVersion(root, errors);
        if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind == JsonValueKind.Null)
        {
            errors.Add("alerts", "required field is missing");
            return errors.ToFailure();
        }

        if (alerts.ValueKind != JsonValueKind.Array)
        {
            errors.Add("alerts", $"expected an array of alerts, got {JsonValues.KindName(alerts)}");
            return errors.ToFailure();
        }

        var source = context.Source ?? FormatName;
        return SignalArray.Read(alerts, "alerts", "alerts", _limits.Signals, errors, (this, source), static (state, item, path, e) => state.Item1.ReadAlert(item, path, state.source, e));
    }

    private static void CheckVersion(JsonElement root, ErrorList errors)
    {
        if (!root.TryGetProperty("version", out var version) || version.ValueKind == JsonValueKind.Null)
        {
            errors.Add("version", $"required field is missing (expected \"{SupportedVersion}\")");
        }
        else if (version.ValueKind != JsonValueKind.String)
        {
            errors.Add("version", $"expected the string \"{SupportedVersion}\", got {JsonValues.KindName(version)}");
        }
        else if (!version.ValueEquals(SupportedVersion))
        {
            errors.Add("version", $"{JsonValues.Describe(version)} is not supported; only Alertmanager webhook version \"{SupportedVersion}\" is accepted");
        }
    }
}
