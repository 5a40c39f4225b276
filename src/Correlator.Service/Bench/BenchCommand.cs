namespace Correlator.Service.Bench;

/// <summary><c>correlator bench WHAT [options]</c>.</summary>
internal static class BenchCommand
{
    public const string Usage = """
        Usage: correlator bench correlation [--incidents N] [--nodes N] [--signals N] [--repeats N]
               (signals/s through the correlation engine with open incidents and a topology)
        Usage: correlator bench growth [--signals N] [--step N] [--batch N]
               (cost per 1,000 alerts as one incident grows: correlation, commit, incident management)
        Usage: correlator bench ingest [--alerts-batch1 N] [--alerts-batch100 N] [--concurrency N] [--services N] [--repeats N]
                                       [--latency-rate N] [--latency-seconds N] [--latency-poll-ms N] [--latency-warmup-seconds N] [--latency-trace on|off] [--alertmanager PATH|none]
                                       [--ceiling on|off] [--sender httpclient|raw] [--setting Section:Key=value ...]
        Measures HTTP ingest throughput (batches of 1 and 100) side by side with Prometheus Alertmanager, and
        the latency from an alert to its incident in the API at a fixed rate. Run it with -c Release.
        --ceiling on (default) also drives a bare Kestrel target (body read, 202) and the same plus the webhook
        parser with the same senders and bodies: what any .NET HTTP service reaches on this machine.
        --sender raw drives every target with a thread and a pre-serialised keep-alive HTTP/1.1 connection per
        sender instead of HttpClient (the default), and splits the CPU per request between senders and server.

               correlator bench publish [--count N] [--rate N] [--concurrency N] [--rt-env FILE] [--max-minutes N]
        Builds the backlog of a Request Tracker outage (--count incident changes, default 6000 = 10 minutes at
        --rate 10 incident changes/s) and measures its drain time and the ticket operations/s against the real RT
        started by scripts/rt/start-rt.sh.
        """ + "\n" + "\n" + BankBenchmark.Usage + "\n  Samples/s through the detector bank and memory per series.\n" + InfluxBenchmark.Usage
        + "\n  Points/s read from a real influxd into the bank and written back, beside a plain HttpClient's raw query rate."
        + "\n" + Ui.UiBenchOptions.Usage;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "publish")
        {
            try
            {
                return await PublishBenchmark.RunAsync(PublishBenchOptions.Parse(args[1..]), Console.Out, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ArgumentException error)
            {
                await Console.Error.WriteLineAsync(error.Message + Environment.NewLine + Usage).ConfigureAwait(false);
                return 2;
            }
        }

        if (args.Length > 0 && args[0] is "bank" or "influx")
        {
            try
            {
                return args[0] == "bank" ? BankBenchmark.Run(args[1..], Console.Out) : await InfluxBenchmark.RunAsync(args[1..], Console.Out, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error) when (error is ArgumentException or FormatException)
            {
                await Console.Error.WriteLineAsync(error.Message).ConfigureAwait(false);
                return 2;
            }
        }

        if (args.Length > 0 && args[0] == "correlation")
        {
            return await Correlation.CorrelationBenchmark.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "ui")
        {
            try
            {
                return await Ui.UiBenchmark.RunAsync(Ui.UiBenchOptions.Parse(args[1..]), Console.Out, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ArgumentException error)
            {
                await Console.Error.WriteLineAsync(error.Message + Environment.NewLine + Ui.UiBenchOptions.Usage).ConfigureAwait(false);
                return 2;
            }
        }

        if (args.Length > 0 && args[0] == "growth")
        {
            return await GrowthBenchmark.RunAsync(args[1..], Console.Out).ConfigureAwait(false);
        }

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
