using Correlator.Domain;

namespace Correlator.Correlation;

/// <summary>Builds the group key of a signal from the configured fields, e.g. <c>service=checkout</c>.</summary>
internal sealed class GroupKeys(IReadOnlyList<string> groupBy)
{
    private readonly string[] _fields = [.. groupBy];

    /// <summary>
    /// The key; when the signal has none of the fields, it falls back to its resource and then to its
    /// own fingerprint, so unrelated signals without a service are never lumped together. Written straight into
    /// a string of its exact length (this runs once per signal).
    /// </summary>
    public string For(Signal signal)
    {
        if (_fields.Length == 1 && ValueOf(signal, _fields[0]) is { Length: > 0 } only)
        {
            return string.Concat(_fields[0], "=", only);
        }

        int length = _fields.Length - 1;
        bool any = false;
        foreach (var field in _fields)
        {
            var value = ValueOf(signal, field);
            any |= !string.IsNullOrEmpty(value);
            length += field.Length + 1 + (value?.Length ?? 0);
        }

        if (any)
        {
            return string.Create(length, (_fields, signal), static (key, state) =>
            {
                int at = 0;
                foreach (var field in state._fields)
                {
                    if (at > 0)
                    {
                        key[at++] = ',';
                    }

                    field.CopyTo(key[at..]);
                    at += field.Length;
                    key[at++] = '=';
                    var value = ValueOf(state.signal, field);
                    value.AsSpan().CopyTo(key[at..]);
                    at += value?.Length ?? 0;
                }
            });
        }

        return string.IsNullOrEmpty(signal.Resource) ? "fingerprint=" + signal.Fingerprint : "resource=" + signal.Resource;
    }

    /// <summary>
    /// Writes the key into <paramref name="destination"/> when it is the common <c>field=value</c> of a single field
    /// and fits, so that finding the incident of a known group allocates nothing; false otherwise (use <see cref="For"/>).
    /// </summary>
    public bool TryWrite(Signal signal, Span<char> destination, out int written)
    {
        written = 0;
        if (_fields.Length != 1 || ValueOf(signal, _fields[0]) is not { Length: > 0 } only || _fields[0].Length + 1 + only.Length > destination.Length)
        {
            return false;
        }

        var field = _fields[0];
        field.CopyTo(destination);
        destination[field.Length] = '=';
        only.CopyTo(destination[(field.Length + 1)..]);
        written = field.Length + 1 + only.Length;
        return true;
    }

    private static string? ValueOf(Signal signal, string field) => field switch
    {
        "service" => signal.Service,
        "resource" => signal.Resource,
        "source" => signal.Source,
        "name" => signal.Name,
        _ => signal.Labels.GetValueOrDefault(field),
    };
}
