using System.Globalization;

namespace Correlator.Service.Bench;

/// <summary>The arguments of one <c>bench kafka</c> run and the payloads they choose.</summary>
internal sealed class KafkaBenchRun
{
    public bool Metrics { get; private set; }

    public int Messages { get; private set; } = 1_000_000;

    public int Partitions { get; private set; } = 4;

    public int Batch { get; private set; } = 2_000;

    public int ParseSample { get; private set; } = 100_000;

    /// <summary>
    /// The consumer's <c>fetch.wait.max.ms</c>. librdkafka's mock broker holds a fetch that finds no data for this long
    /// and, unlike a Kafka broker, does not answer it early when a producer appends meanwhile; at librdkafka's default
    /// of 500 ms a consumer that has caught up with the producer idles for up to half a second each time.
    /// </summary>
    public int FetchWaitMs { get; private set; } = 10;

    /// <summary>librdkafka's range for <c>fetch.wait.max.ms</c>, which both the option and the environment variable take.</summary>
    private const int MaxFetchWaitMs = 300_000;

    private const string FetchWaitRange = "must be a whole number of milliseconds from 0 to 300000, librdkafka's range for fetch.wait.max.ms";

    /// <summary>The environment variable that overrides <see cref="FetchWaitMs"/> (as it overrides every bench setting).</summary>
    public const string FetchWaitVariable = "Kafka__Settings__fetch.wait.max.ms";

    /// <summary>Telegraf hosts of the metric stream (4 CPU series each, 10 fields per series).</summary>
    public int Hosts { get; private set; } = 1_000;

    /// <summary>
    /// Where each stream of the run ends, in order: the full path (store), after parsing, after consuming. The default
    /// runs all three, the full path first (so its figures are those of a cold process, as before this option).
    /// </summary>
    public IReadOnlyList<KafkaBenchSink> Sinks { get; private set; } = [KafkaBenchSink.Full, KafkaBenchSink.Parse, KafkaBenchSink.None];

    public string Kind => Metrics ? "metrics" : "alerts";

    /// <summary>The unit the headline rate counts: alerts, or metric samples (10 per message).</summary>
    public string Unit => Metrics ? "samples" : "alerts";

    public int UnitsPerMessage => Metrics ? KafkaBenchPayloads.CpuFields.Length : 1;

    /// <summary>The largest message the run produces (for the producer's lag budget).</summary>
    public int MaxPayloadBytes => Math.Max(Payload(0).Length, Payload(Messages - 1).Length) + 64;

    public byte[] Payload(int n) => Metrics ? KafkaBenchPayloads.Cpu(n, Hosts) : KafkaBenchPayloads.Alert(n);

    /// <summary>Alerts round-robin; a metric series always to the same partition, so its samples stay in order.</summary>
    public int PartitionOf(int n) => Metrics ? n % (Hosts * 4) % Partitions : n % Partitions;

    public static bool TryParse(string[] args, out KafkaBenchRun run, out string error) =>
        TryParse(args, Environment.GetEnvironmentVariable(FetchWaitVariable), out run, out error);

    /// <summary>Parses the arguments; <paramref name="fetchWaitVariable"/> is the value of <see cref="FetchWaitVariable"/>, if set.</summary>
    public static bool TryParse(string[] args, string? fetchWaitVariable, out KafkaBenchRun run, out string error)
    {
        run = new KafkaBenchRun();
        error = string.Empty;
        for (int i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                error = $"{args[i]} needs a value.";
                return false;
            }

            if (args[i] == "--kind")
            {
                if (args[i + 1] is not ("alerts" or "metrics"))
                {
                    error = $"--kind must be alerts or metrics (got '{args[i + 1]}').";
                    return false;
                }

                run.Metrics = args[i + 1] == "metrics";
                continue;
            }

            if (args[i] == "--sink")
            {
                if (!TryParseSinks(args[i + 1], out var sinks))
                {
                    error = $"--sink must be full, parse, none, a comma-separated list of them, or all (got '{args[i + 1]}').";
                    return false;
                }

                run.Sinks = sinks;
                continue;
            }

            if (args[i] == "--fetch-wait-ms")
            {
                if (!TryParseFetchWait(args[i + 1], out var wait))
                {
                    error = $"--fetch-wait-ms {FetchWaitRange} (got '{args[i + 1]}').";
                    return false;
                }

                run.FetchWaitMs = wait;
                continue;
            }

            if (!int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                error = $"{args[i]} needs a positive whole number (got '{args[i + 1]}').";
                return false;
            }

            switch (args[i])
            {
                case "--messages": run.Messages = value; break;
                case "--partitions": run.Partitions = value; break;
                case "--batch": run.Batch = value; break;
                case "--parse-sample": run.ParseSample = value; break;
                case "--hosts": run.Hosts = value; break;
                default:
                    error = $"Unknown option {args[i]}.";
                    return false;
            }
        }

        if (fetchWaitVariable is { } variable)
        {
            // The service's configuration takes the environment over the bench's settings: report the value in force.
            if (!TryParseFetchWait(variable, out var inForce))
            {
                error = $"{FetchWaitVariable} {FetchWaitRange} (got '{variable}').";
                return false;
            }

            run.FetchWaitMs = inForce;
        }

        return true;
    }

    private static bool TryParseSinks(string text, out IReadOnlyList<KafkaBenchSink> sinks)
    {
        var list = new List<KafkaBenchSink>();
        sinks = list;
        if (text == "all")
        {
            list.AddRange([KafkaBenchSink.Full, KafkaBenchSink.Parse, KafkaBenchSink.None]);
            return true;
        }

        foreach (var part in text.Split(','))
        {
            KafkaBenchSink? sink = part switch
            {
                "full" => KafkaBenchSink.Full,
                "parse" => KafkaBenchSink.Parse,
                "none" => KafkaBenchSink.None,
                _ => null,
            };
            if (sink is not { } known || list.Contains(known))
            {
                return false;
            }

            list.Add(known);
        }

        return list.Count > 0;
    }

    private static bool TryParseFetchWait(string text, out int milliseconds) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out milliseconds) && milliseconds is >= 0 and <= MaxFetchWaitMs;
}
