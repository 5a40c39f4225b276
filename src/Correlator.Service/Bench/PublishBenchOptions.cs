using System.Globalization;

namespace Correlator.Service.Bench;

/// <summary>The knobs of <c>correlator bench publish</c>.</summary>
internal sealed class PublishBenchOptions
{
    /// <summary>Incident changes in the backlog: a 10-minute outage at 10 incidents/s is 6,000.</summary>
    public int Count { get; set; } = 6_000;

    /// <summary>Incident changes per second of event time while the target is down (each incident makes three).</summary>
    public int Rate { get; set; } = 10;

    /// <summary>Rows delivered to RT at the same time (RT's standalone server runs 2 workers by default).</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>The env file written by scripts/rt/start-rt.sh (RT_URL, RT_CORRELATOR_TOKEN).</summary>
    public string RtEnv { get; set; } = "/var/tmp/correlator-rt/rt.env";

    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(60);

    public static PublishBenchOptions Parse(string[] args)
    {
        var options = new PublishBenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--count": options.Count = Positive(Next(), "--count"); break;
                case "--rate": options.Rate = Positive(Next(), "--rate"); break;
                case "--concurrency": options.Concurrency = Positive(Next(), "--concurrency"); break;
                case "--rt-env": options.RtEnv = Next(); break;
                case "--max-minutes": options.MaxDuration = TimeSpan.FromMinutes(Positive(Next(), "--max-minutes")); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if (options.Count < 3)
        {
            throw new ArgumentException("--count must be at least 3 (one incident: opened, signal attached, resolved).");
        }

        return options;
    }

    private static int Positive(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive whole number (got '{text}').");
}
