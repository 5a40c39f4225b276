using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion;

public sealed partial class AlertmanagerWebhookParser
{
    // The first label present names the resource (the configuration item) and the service. Prometheus
    // target labels come first (instance), then common exporter and Kubernetes labels, then a generic one;
    // job is last for the service because it names the scrape job, which is often not a business service.
    private static readonly string[] ResourceLabels = ["instance", "host", "node", "pod", "resource"];
    private static readonly string[] ServiceLabels = ["service", "app", "job"];

    private Signal? ReadAlert(JsonElement alert, FieldPath path, string source, ErrorList errors)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path.Self(), $"expected an alert object, got {JsonValues.KindName(alert)}");
            return null;
        }

        int before = errors.Total;
        var status = ReadStatus(alert, path, errors);
        var labels = _labels.Read(alert, "labels", path, errors);
        string? name = null;
        if (labels is not null)
        {
            name = JsonValues.NullIfBlank(labels.GetValueOrDefault("alertname"));
            if (name is null)
            {
                errors.Add(path.Of("labels", "alertname"), labels.TryGetValue("alertname", out _) ? "must not be empty" : "required label is missing");
            }
        }

        var annotations = _annotations.Read(alert, "annotations", path, errors);
        var startsAt = JsonValues.RequiredTime(alert, "startsAt", path, errors);
        int endMark = errors.Total;
        var endsAt = JsonValues.OptionalTime(alert, "endsAt", path, errors);
        if (status == SignalStatus.Resolved && errors.Total == endMark)
        {
            CheckEnd(path, startsAt, endsAt, errors);
        }

        var fingerprint = JsonValues.NullIfBlank(JsonValues.OptionalString(alert, "fingerprint", path, _limits.ValueLength, errors));

        if (errors.Total != before || status is null || labels is null || name is null || annotations is null || startsAt is null)
        {
            return null;
        }

        return BuildSignal(source, fingerprint, name, status.Value, labels, annotations, startsAt.Value, endsAt);
    }

    /// <summary>The signal of one valid alert; the DOM reader and the single-pass reader both end here, so their results are identical.</summary>
    private static Signal BuildSignal(string source, string? fingerprint, string name, SignalStatus status, LabelSet labels, LabelSet annotations, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        // A firing alert's endsAt is either zero or Alertmanager's resolve timeout in the future: not an end.
        var end = status == SignalStatus.Resolved ? endsAt : null;
        return new Signal
        {
            Source = source,
            Fingerprint = fingerprint ?? Fingerprints.Compute(source, labels),
            Name = name,
            Status = status,
            Severity = SeverityNames.TryParse(labels.GetValueOrDefault("severity"), out var severity) ? severity : Severity.Warning,
            Resource = FirstLabel(labels, ResourceLabels),
            Service = FirstLabel(labels, ServiceLabels),
            EventTime = end ?? startsAt,
            StartsAt = startsAt,
            EndsAt = end,
            Labels = labels,
            Annotations = annotations,
            Summary = JsonValues.NullIfBlank(annotations.GetValueOrDefault("summary")) ?? JsonValues.NullIfBlank(annotations.GetValueOrDefault("description")),
        };
    }

    private static SignalStatus? ReadStatus(JsonElement alert, FieldPath path, ErrorList errors)
    {
        if (!alert.TryGetProperty("status", out var status) || status.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path.Of("status"), "required field is missing");
            return null;
        }

        if (status.ValueKind == JsonValueKind.String && status.ValueEquals("firing"))
        {
            return SignalStatus.Firing;
        }

        if (status.ValueKind == JsonValueKind.String && status.ValueEquals("resolved"))
        {
            return SignalStatus.Resolved;
        }

        errors.Add(path.Of("status"), $"{JsonValues.Describe(status)} is not an alert status; expected \"firing\" or \"resolved\"");
        return null;
    }

    private static void CheckEnd(FieldPath path, DateTimeOffset? startsAt, DateTimeOffset? endsAt, ErrorList errors)
    {
        if (endsAt is null)
        {
            errors.Add(path.Of("endsAt"), "required for a resolved alert");
        }
        else if (Rfc3339.IsZero(endsAt.Value))
        {
            errors.Add(path.Of("endsAt"), "a resolved alert needs its end time, got the zero time 0001-01-01T00:00:00Z");
        }
        else if (startsAt is { } start && endsAt.Value < start)
        {
            errors.Add(path.Of("endsAt"), $"{JsonValues.Format(endsAt.Value)} is before startsAt {JsonValues.Format(start)}");
        }
    }

    private static string? FirstLabel(LabelSet labels, string[] names)
    {
        foreach (var name in names)
        {
            if (labels.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return null;
    }
}
