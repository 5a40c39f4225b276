using System.Globalization;
using System.Text.Json;
using Correlator.Domain;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Ingestion.Samples;

/// <summary>
/// Reads metric samples in the JSON that Telegraf's <c>json</c> serializer writes (its Kafka output with
/// <c>data_format = "json"</c>): one metric <c>{"name":"cpu","tags":{...},"fields":{...},"timestamp":N}</c>, or
/// a batch <c>{"metrics":[...]}</c>. Every numeric or boolean field becomes a <see cref="MetricSample"/>, as in line
/// protocol (string fields are counted and skipped); the timestamp is a number in the unit the sender was
/// configured with (Telegraf's <c>json_timestamp_units</c>, 1 s by default). A metric that breaks a rule is an
/// error naming its index and field; the same <see cref="LineProtocolLimits"/> bound tags and fields.
/// </summary>
public sealed class TelegrafJsonParser
{
    private readonly LineProtocolLimits _limits;

    public TelegrafJsonParser(LineProtocolLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        _limits = limits;
    }

    /// <summary>Parses one document; the errors say which metric (<c>metrics[i]</c>) and which member is at fault.</summary>
    public LineProtocolBatch Parse(ReadOnlyMemory<byte> body, LineProtocolPrecision precision, DateTimeOffset defaultTime)
    {
        var batch = new LineProtocolBatch();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException error)
        {
            AddError(batch, 0, "$", "not valid JSON: " + error.Message);
            return batch;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("metrics", out var metrics))
            {
                if (metrics.ValueKind != JsonValueKind.Array)
                {
                    AddError(batch, 0, "$.metrics", "must be an array of metrics");
                    return batch;
                }

                int index = 0;
                foreach (var metric in metrics.EnumerateArray())
                {
                    index++;
                    ReadMetric(metric, string.Create(CultureInfo.InvariantCulture, $"$.metrics[{index - 1}]"), index, precision, defaultTime, batch);
                }
            }
            else
            {
                ReadMetric(root, "$", 1, precision, defaultTime, batch);
            }
        }

        return batch;
    }

    private void ReadMetric(JsonElement metric, string path, int number, LineProtocolPrecision precision, DateTimeOffset defaultTime, LineProtocolBatch batch)
    {
        batch.Lines++;
        var error = ReadMetric(metric, path, precision, defaultTime, batch, out int strings);
        if (error is not null)
        {
            AddError(batch, number, error.Value.Path, error.Value.Reason);
            return;
        }

        batch.Points++;
        batch.StringFieldsSkipped += strings;
    }

    private (string Path, string Reason)? ReadMetric(JsonElement metric, string path, LineProtocolPrecision precision, DateTimeOffset defaultTime, LineProtocolBatch batch, out int strings)
    {
        strings = 0;
        if (metric.ValueKind != JsonValueKind.Object)
        {
            return (path, "must be an object with name, tags, fields and timestamp");
        }

        if (!metric.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(nameElement.GetString()))
        {
            return (path + ".name", "required, a non-empty string");
        }

        var tags = new List<KeyValuePair<string, string>>();
        if (metric.TryGetProperty("tags", out var tagElement) && tagElement.ValueKind != JsonValueKind.Null)
        {
            if (tagElement.ValueKind != JsonValueKind.Object)
            {
                return (path + ".tags", "must be an object of strings");
            }

            foreach (var tag in tagElement.EnumerateObject())
            {
                if (tag.Value.ValueKind != JsonValueKind.String || tag.Name.Length == 0)
                {
                    return (path + ".tags." + tag.Name, "a tag is a non-empty name with a string value");
                }

                tags.Add(KeyValuePair.Create(tag.Name, tag.Value.GetString() ?? string.Empty));
            }

            if (tags.Count > _limits.MaxTagsPerLine)
            {
                return (path + ".tags", $"{tags.Count} tags, more than the limit of {_limits.MaxTagsPerLine} (LineProtocol:MaxTagsPerLine)");
            }
        }

        if (!metric.TryGetProperty("fields", out var fieldElement) || fieldElement.ValueKind != JsonValueKind.Object)
        {
            return (path + ".fields", "required, an object of field values");
        }

        var fields = new List<(string Key, double Value)>();
        foreach (var field in fieldElement.EnumerateObject())
        {
            switch (field.Value.ValueKind)
            {
                case JsonValueKind.Number when field.Value.TryGetDouble(out var number) && double.IsFinite(number):
                    fields.Add((field.Name, number));
                    break;
                case JsonValueKind.True:
                    fields.Add((field.Name, 1));
                    break;
                case JsonValueKind.False:
                    fields.Add((field.Name, 0));
                    break;
                case JsonValueKind.String:
                    strings++;
                    break;
                default:
                    return (path + ".fields." + field.Name, "must be a number, a boolean or a string");
            }
        }

        if (fields.Count + strings == 0)
        {
            return (path + ".fields", "at least one field is needed");
        }

        if (fields.Count + strings > _limits.MaxFieldsPerLine)
        {
            return (path + ".fields", $"{fields.Count + strings} fields, more than the limit of {_limits.MaxFieldsPerLine} (LineProtocol:MaxFieldsPerLine)");
        }

        var time = defaultTime;
        if (metric.TryGetProperty("timestamp", out var stamp) && stamp.ValueKind != JsonValueKind.Null)
        {
            if (stamp.ValueKind != JsonValueKind.Number || !stamp.TryGetInt64(out var units) || !LineProtocolTime.TryToTime(units, precision, out time))
            {
                return (path + ".timestamp", $"must be a whole number of {LineProtocolTime.Name(precision)} since 1970 within the supported range");
            }
        }

        var tagSet = tags.Count == 0 ? LabelSet.Empty : LabelSet.From(tags);
        var measurement = nameElement.GetString()!;
        foreach (var (key, value) in fields)
        {
            batch.Samples.Add(new MetricSample(new SeriesKey(measurement, tagSet, key), time, value));
        }

        return null;
    }

    private void AddError(LineProtocolBatch batch, int number, string path, string reason)
    {
        batch.ErrorCount++;
        if (batch.Errors.Count < _limits.MaxErrorsReported)
        {
            batch.Errors.Add(new LineError(number, path, reason));
        }
    }
}
