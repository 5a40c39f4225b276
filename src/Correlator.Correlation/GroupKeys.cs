using System.Text;
using Correlator.Domain;

namespace Correlator.Correlation;

/// <summary>Builds the group key of a signal from the configured fields, e.g. <c>service=checkout</c>.</summary>
internal sealed class GroupKeys(IReadOnlyList<string> groupBy)
{
    private readonly string[] _fields = [.. groupBy];

    /// <summary>
    /// The key; when the signal has none of the fields, it falls back to its resource and then to its
    /// own fingerprint, so unrelated signals without a service are never lumped together.
    /// </summary>
    public string For(Signal signal)
    {
        var key = new StringBuilder();
        bool any = false;
        foreach (var field in _fields)
        {
            var value = ValueOf(signal, field);
            any |= !string.IsNullOrEmpty(value);
            if (key.Length > 0)
            {
                key.Append(',');
            }

            key.Append(field).Append('=').Append(value);
        }

        if (any)
        {
            return key.ToString();
        }

        return string.IsNullOrEmpty(signal.Resource) ? "fingerprint=" + signal.Fingerprint : "resource=" + signal.Resource;
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
