using System.Globalization;
using Correlator.Service.Cli;

namespace Correlator.Service.Bench.Correlation;

/// <summary>Strict <c>--name value</c> options of the correlation bench and eval verbs: unknown or valueless flags are refused.</summary>
internal sealed class VerbArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly string _usage;

    public VerbArguments(string[] args, string usage, params string[] allowed)
    {
        _usage = usage;
        for (int i = 0; i < args.Length; i++)
        {
            if (Array.IndexOf(allowed, args[i]) < 0)
            {
                throw new UsageException($"Unknown option {args[i]}." + Environment.NewLine + usage);
            }

            if (i + 1 >= args.Length)
            {
                throw new UsageException($"{args[i]} needs a value." + Environment.NewLine + usage);
            }

            _values[args[i]] = args[++i];
        }
    }

    public string? String(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be a whole number from {min} to {max}, not '{text}'." + Environment.NewLine + _usage);
    }

    public double Double(string name, double fallback, double min, double max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"{name} must be a number from {min} to {max}, not '{text}'." + Environment.NewLine + _usage);
    }
}
