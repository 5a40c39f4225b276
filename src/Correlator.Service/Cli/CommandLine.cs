using System.Reflection;
using Correlator.Service.Bench;
using Correlator.Service.Composition;
using Correlator.Service.Eval;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Cli;

/// <summary>The verbs of the <c>correlator</c> executable.</summary>
internal static class CommandLine
{
    public const string Usage = """
        Usage: correlator [verb] [options]

        Verbs:
          run [--demo] [--data DIR] [--urls URL]   Run the service (the default verb). --demo replays a bundled
                                                   alert storm at start-up, shifted to end now.
          replay FILE [--data DIR] [--from-start]  Feed an NDJSON file (Alertmanager payloads, generic events or
                                                   CloudEvents, one JSON object per line) through the pipeline
                                                   into the store; resumes where a previous replay of FILE stopped.
          bench ingest [options]                   Measure HTTP ingest throughput against Alertmanager, and
                                                   alert-to-incident latency (see 'correlator bench').
          bench publish [options]                  Measure the drain of an ITSM outage backlog against Request
                                                   Tracker 5 (see 'correlator bench').
          bench bank | bench influx [options]      Detector bank samples/s and memory per series; InfluxDB read
                                                   into the bank and written back vs a raw query (real influxd).
          bench kafka [--messages N]               Kafka topic → store alerts/s on librdkafka's mock cluster.
          bench ui [--incidents N] [--signals N]   First render of the incident list and an incident page in
                                                   headless Chromium (see 'correlator bench').
          bench correlation | bench growth         Correlation engine signals/s with open incidents and a
                                                   topology; cost per alert as one incident grows.
          eval nab --data DIR [--out DIR]          Score the anomaly detector on the Numenta Anomaly Benchmark
                                                   (see 'correlator eval').
          eval asd --data DIR                      Multivariate (PCA) detection per server on the ASD data set.
          eval nezha | eval telecom --data DIR     Faults caught, lead, root cause and false incidents (Nezha);
                                                   alarm reduction and learnt relations (telecom alarms).
          eval anticipation --data DIR             Incidents predicted ahead of their impact on the Nezha days.
          eval itsm --data DIR                     Replay the UCI incident log: MTTR, SLA, problem suggestions
          train --from DATE --to DATE [--db FILE] [--models DIR]
                                                   Train the anticipation model from the store's history and
                                                   people's confirm/dismiss labels; the registry promotes it
                                                   only if it is not worse (models/anticipation by default).
          key create NAME ROLE [--data DIR]        Create an API key (roles: viewer, incident-manager,
                                                   problem-manager, admin, ingest) and print it once.
          version                                  Print the version.
          help                                     Print this text.

        Any setting can be given as --Section:Key=value (e.g. --Correlation:Window=00:10:00).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length == 0 || args[0].StartsWith('-') ? "run" : args[0];
        var rest = args.Length == 0 || args[0].StartsWith('-') ? args : args[1..];
        try
        {
            return verb switch
            {
                "run" => await RunServiceAsync(rest).ConfigureAwait(false),
                "replay" => await ReplayCommand.RunAsync(rest).ConfigureAwait(false),
                "bench" => await BenchCommand.RunAsync(rest).ConfigureAwait(false),
                "eval" => await EvalCommand.RunAsync(rest, Console.Out).ConfigureAwait(false),
                "key" => await KeyCommand.RunAsync(rest, Console.Out).ConfigureAwait(false),
                "train" => await TrainCommand.RunAsync(rest, Console.Out, TimeProvider.System, CancellationToken.None).ConfigureAwait(false),
                "version" or "--version" => PrintVersion(),
                "help" or "--help" or "-h" => PrintUsage(Console.Out, 0),
                _ => PrintUsage(Console.Error, 2, $"Unknown verb '{verb}'."),
            };
        }
        catch (UsageException error)
        {
            await Console.Error.WriteLineAsync(error.Message + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }
        catch (OptionsValidationException error)
        {
            await Console.Error.WriteLineAsync($"Configuration error (appsettings.json, environment variables or command line): {string.Join(" ", error.Failures)}").ConfigureAwait(false);
            return 3;
        }
        catch (StorageException error)
        {
            await Console.Error.WriteLineAsync($"Store error: {error.Message}").ConfigureAwait(false);
            return 4;
        }
    }

    /// <summary>
    /// Splits a verb's arguments into its positional arguments and configuration overrides: the friendly
    /// flags (<c>--data DIR</c>, <c>--demo</c>, <c>--urls URL</c>, and the verb's own switches) become
    /// configuration keys; <c>--Section:Key=value</c> and <c>--Section:Key value</c> pass through; anything
    /// else is refused with a <see cref="UsageException"/> naming it.
    /// </summary>
    public static (List<string> Positional, string[] Settings, HashSet<string> Switches) Parse(string[] args, params string[] switches)
    {
        var positional = new List<string>();
        var settings = new List<string>(args.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new UsageException($"{arg} needs a value.");
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
            }
            else if (Array.IndexOf(switches, arg) >= 0)
            {
                seen.Add(arg);
            }
            else if (arg == "--data")
            {
                settings.Add("--Storage:DataDirectory=" + Value());
            }
            else if (arg == "--urls")
            {
                settings.Add("--Urls=" + Value());
            }
            else if (arg.Contains(':', StringComparison.Ordinal) || arg.StartsWith("--Urls=", StringComparison.OrdinalIgnoreCase))
            {
                settings.Add(arg.Contains('=', StringComparison.Ordinal) ? arg : arg + "=" + Value());
            }
            else
            {
                throw new UsageException($"Unknown option {arg}.");
            }
        }

        return (positional, [.. settings], seen);
    }

    public static string Version =>
        typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static async Task<int> RunServiceAsync(string[] args)
    {
        var (positional, settings, switches) = Parse(args, "--demo");
        if (positional.Count > 0)
        {
            throw new UsageException($"run takes no argument '{positional[0]}'.");
        }

        var app = await CorrelatorApp.BuildAsync(switches.Contains("--demo") ? [.. settings, "--Demo:Enabled=true"] : settings).ConfigureAwait(false);
        await using (app.ConfigureAwait(false))
        {
            await app.RunAsync().ConfigureAwait(false);
        }

        return 0;
    }

    private static int PrintVersion()
    {
        Console.WriteLine($"correlator {Version}");
        return 0;
    }

    private static int PrintUsage(TextWriter writer, int code, string? error = null)
    {
        if (error is not null)
        {
            writer.WriteLine(error);
        }

        writer.WriteLine(Usage);
        return code;
    }
}
