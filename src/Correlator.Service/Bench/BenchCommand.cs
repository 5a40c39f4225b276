namespace Correlator.Service.Bench;

/// <summary><c>correlator bench WHAT [options]</c>.</summary>
internal static class BenchCommand
{
    public const string Usage = """
        Usage: correlator bench ingest [--alerts-batch1 N] [--alerts-batch100 N] [--concurrency N] [--services N] [--repeats N]
                                       [--latency-rate N] [--latency-seconds N] [--alertmanager PATH|none]
                                       [--setting Section:Key=value ...]
        Measures HTTP ingest throughput (batches of 1 and 100) side by side with Prometheus Alertmanager, and
        the latency from an alert to its incident in the API at a fixed rate. Run it with -c Release.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "kafka")
        {
            return await KafkaBenchmark.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
        }

        if (args.Length == 0 || args[0] != "ingest")
        {
            await Console.Error.WriteLineAsync(Usage + Environment.NewLine + KafkaBenchmark.Usage).ConfigureAwait(false);
            return 2;
        }

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args[1..]);
        }
        catch (ArgumentException error)
        {
            await Console.Error.WriteLineAsync(error.Message + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }

        return await IngestBenchmark.RunAsync(options, Console.Out, CancellationToken.None).ConfigureAwait(false);
    }
}
