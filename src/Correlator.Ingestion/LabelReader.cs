using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion;

/// <summary>Reads a JSON object of string values (labels or annotations) into a <see cref="LabelSet"/>, within the configured limits.</summary>
internal sealed class LabelReader(Limit count, Limit nameLength, Limit valueLength, string noun)
{
    [ThreadStatic]
    private static KeyValuePair<string, string>[]? t_scratch;

    public static LabelReader ForLabels(IngestionLimits limits) => new(limits.Labels, limits.NameLength, limits.ValueLength, "labels");

    public static LabelReader ForAnnotations(IngestionLimits limits) => new(limits.Annotations, limits.NameLength, limits.AnnotationLength, "annotations");

    /// <summary>The set, <see cref="LabelSet.Empty"/> when the member is absent, or null with errors added.</summary>
    public LabelSet? Read(JsonElement obj, string member, FieldPath path, ErrorList errors)
    {
        if (!obj.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return LabelSet.Empty;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path.Of(member), $"expected an object of string values, got {JsonValues.KindName(value)}");
            return null;
        }

        int n = value.GetPropertyCount();
        if (n == 0)
        {
            return LabelSet.Empty;
        }

        // Checked before reading any pair: one error for the set, not one per pair beyond the limit.
        if (count.IsExceededBy(n))
        {
            errors.Add(path.Of(member), count.Exceeded(n, noun));
            return null;
        }

        int before = errors.Total;
        // A per-thread scratch array: LabelSet copies what it keeps, so nothing per signal is allocated here.
        // (The shared ArrayPool was tried: trimming pools of reference-holding arrays cost more than it saved.)
        var pairs = t_scratch is { } scratch && scratch.Length >= n ? scratch : (t_scratch = new KeyValuePair<string, string>[Math.Max(n, 16)]);
        try
        {
            ReadPairs(value, member, path, errors, pairs);
            return errors.Total == before ? LabelSet.From(pairs.AsSpan(0, n)) : null;
        }
        finally
        {
            Array.Clear(pairs, 0, n);
        }
    }

    private void ReadPairs(JsonElement value, string member, FieldPath path, ErrorList errors, KeyValuePair<string, string>[] pairs)
    {
        int i = 0;
        foreach (var property in value.EnumerateObject())
        {
            var name = ReadName(property, member, path, errors);

            // The path string is built only for an error: this loop runs for every label of every signal.
            string? text = null;
            if (name is not null && !JsonValues.TryGetPlainString(property.Value, valueLength, out text))
            {
                text = JsonValues.AsString(property.Value, path.Of(member, name), valueLength, errors);
            }

            if (name is not null && text is not null)
            {
                pairs[i] = new(name, text);
            }

            i++;
        }
    }

    private string? ReadName(JsonProperty property, string member, FieldPath path, ErrorList errors)
    {
        string name;
        try
        {
            name = property.Name;
        }
        catch (InvalidOperationException)
        {
            errors.Add(path.Of(member), "a name is not valid Unicode (it escapes a lone surrogate)");
            return null;
        }

        if (name.Length == 0)
        {
            errors.Add(path.Of(member, name), "a name must not be empty");
            return null;
        }

        if (nameLength.IsExceededBy(name.Length))
        {
            errors.Add(path.Of(member, name), nameLength.Exceeded(name.Length, "characters in the name"));
            return null;
        }

        return name;
    }
}
