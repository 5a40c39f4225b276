using System.Globalization;
using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion;

/// <summary>
/// Reads one generic event object (see docs/ingestion.md) into a signal. Shared by the generic event
/// parser and the CloudEvents parser, which reads its <c>data</c> the same way.
/// </summary>
internal sealed partial class GenericEventReader
{
    private readonly IngestionLimits _limits;
    private readonly LabelReader _labels;
    private readonly LabelReader _annotations;

    public GenericEventReader(IngestionLimits limits)
    {
        _limits = limits;
        _labels = LabelReader.ForLabels(limits);
        _annotations = LabelReader.ForAnnotations(limits);
    }

    /// <summary>The signal, or null with the errors added.</summary>
    public Signal? Read(JsonElement item, FieldPath path, in EventDefaults defaults, ErrorList errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path.Self(), $"expected an event object, got {JsonValues.KindName(item)}");
            return null;
        }

        int before = errors.Total;
        var source = ReadSource(item, path, defaults, errors);
        var name = ReadName(item, path, errors);
        var status = ReadStatus(item, path, errors);
        var severity = ReadSeverity(item, path, errors);
        var kind = ReadKind(item, path, errors);
        var (time, startsAt) = ReadTimes(item, path, defaults, errors);
        var resource = JsonValues.NullIfBlank(JsonValues.OptionalString(item, "resource", path, _limits.ValueLength, errors)) ?? defaults.Resource;
        var service = JsonValues.NullIfBlank(JsonValues.OptionalString(item, "service", path, _limits.ValueLength, errors));
        var fingerprint = JsonValues.NullIfBlank(JsonValues.OptionalString(item, "fingerprint", path, _limits.ValueLength, errors));
        var id = defaults.EventId ?? ReadId(item, path, errors);
        var summary = JsonValues.NullIfBlank(JsonValues.OptionalString(item, "summary", path, _limits.AnnotationLength, errors));
        var score = ReadScore(item, path, errors);
        var labels = _labels.Read(item, "labels", path, errors);
        var annotations = _annotations.Read(item, "annotations", path, errors);
        if (errors.Total != before || source is null || name is null || time is null || startsAt is null || labels is null || annotations is null)
        {
            return null;
        }

        return new Signal
        {
            Source = source,
            Fingerprint = fingerprint ?? Fingerprints.Compute(FingerprintKey(source, name, resource, service), labels),
            Name = name,
            Kind = kind,
            Status = status,
            Severity = severity,
            Resource = resource,
            Service = service,
            EventTime = time.Value,
            StartsAt = startsAt.Value,
            EndsAt = status == SignalStatus.Resolved ? time : null,
            Labels = labels,
            Annotations = annotations,
            Summary = summary
                ?? JsonValues.NullIfBlank(annotations.GetValueOrDefault("summary"))
                ?? JsonValues.NullIfBlank(annotations.GetValueOrDefault("description")),
            Score = score,
            EventId = id,
        };
    }

    private string? ReadSource(JsonElement item, FieldPath path, in EventDefaults defaults, ErrorList errors)
    {
        int before = errors.Total;
        var source = JsonValues.NullIfBlank(JsonValues.OptionalString(item, "source", path, _limits.ValueLength, errors)) ?? defaults.Source;
        if (source is null && errors.Total == before)
        {
            errors.Add(path.Of("source"), "required field is missing or empty (and the endpoint configures no source)");
        }

        return source;
    }

    private static (DateTimeOffset? Time, DateTimeOffset? StartsAt) ReadTimes(JsonElement item, FieldPath path, in EventDefaults defaults, ErrorList errors)
    {
        int before = errors.Total;
        var time = JsonValues.OptionalTime(item, "time", path, errors);
        bool readable = errors.Total == before;
        if (time is { } t && Rfc3339.IsZero(t))
        {
            errors.Add(path.Of("time"), "0001-01-01T00:00:00Z is the zero time (unset); a real time is required");
            (time, readable) = (null, false);
        }

        if (readable && (time ??= defaults.Time) is null)
        {
            errors.Add(path.Of("time"), defaults.Envelope is { } envelope ? $"required field is missing, and {envelope} has no time either" : "required field is missing");
        }

        var startsAt = JsonValues.OptionalTime(item, "startsAt", path, errors);
        if (startsAt is { } s && Rfc3339.IsZero(s))
        {
            // Go senders write the zero time for "unset".
            startsAt = null;
        }

        if (startsAt is { } start && time is { } at && start > at)
        {
            errors.Add(path.Of("startsAt"), $"{JsonValues.Format(start)} is after time {JsonValues.Format(at)}");
            return (time, null);
        }

        return (time, startsAt ?? time);
    }

    /// <summary>
    /// Events without labels must not all share one fingerprint, so name, resource and service count too.
    /// Each part is length-prefixed so that no two different tuples produce the same key.
    /// </summary>
    private static string FingerprintKey(string source, string name, string? resource, string? service) =>
        string.Create(CultureInfo.InvariantCulture, $"{source.Length}:{source}{name.Length}:{name}{resource?.Length ?? -1}:{resource}{service?.Length ?? -1}:{service}");
}
