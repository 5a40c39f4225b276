using System.Diagnostics;
using System.Globalization;
using Correlator.Detection.Bank;
using Correlator.Domain;

namespace Correlator.Service.Bench;

/// <summary>
/// <c>correlator bench bank</c>: samples per second through the detector bank with many series, and the
/// memory the bank holds per series. Ends with one JSON line of the headline figures.
/// </summary>
internal static class BankBenchmark
{
    public const string Usage = "Usage: correlator bench bank [--series N (100000)] [--rounds N (30)] [--detector NAME (ewma)]";

    public static int Run(string[] args, TextWriter output)
    {
        int series = 100_000, rounds = 30;
        string detector = EwmaDetector.DetectorName;
        for (int i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--series": series = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--detector": detector = value; break;
                default: throw new ArgumentException($"Unknown option {args[i]}. {Usage}");
            }

            i++;
        }

        var keys = new SeriesKey[series];
        for (int s = 0; s < series; s++)
        {
            keys[s] = new SeriesKey("cpu", LabelSet.From(("host", "host-" + (s / 8).ToString(CultureInfo.InvariantCulture)), ("cpu", "cpu" + (s % 8).ToString(CultureInfo.InvariantCulture))), "usage_user");
        }

        var options = new BankOptions { MaxSeries = series, Rules = [new BankRule { Detector = detector }] };
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var bank = new DetectorBank(options);
        var signals = new List<Signal>();
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        Feed(bank, keys, start, 0, 1, signals);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        double bytesPerSeries = (after - before) / (double)series;

        // Warm the JIT, then measure the remaining rounds (every series gets one sample per round, in time order).
        Feed(bank, keys, start, 1, 2, signals);
        var watch = Stopwatch.StartNew();
        long samples = Feed(bank, keys, start, 2, rounds, signals);
        watch.Stop();
        double perSecond = samples / watch.Elapsed.TotalSeconds;
        GC.KeepAlive(bank);

        output.WriteLine("correlator bench bank");
        output.WriteLine($"  detector            {detector}");
        output.WriteLine($"  series              {series:N0}");
        output.WriteLine($"  samples measured    {samples:N0} in {watch.Elapsed.TotalSeconds:F2} s ({rounds - 2} rounds after 2 warm-up rounds)");
        output.WriteLine($"  throughput          {perSecond:N0} samples/s   (goal >= 1,000,000)");
        output.WriteLine($"  memory per series   {bytesPerSeries:N0} bytes (bank state, keys excluded)   (goal <= 4,096)");
        output.WriteLine($"  signals raised      {signals.Count:N0}; processors {Environment.ProcessorCount}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"bench\":\"bank\",\"detector\":\"{detector}\",\"series\":{series},\"samples\":{samples},\"samples_per_second\":{perSecond:F0},\"bytes_per_series\":{bytesPerSeries:F0},\"signals\":{signals.Count}}}"));
        return 0;
    }

    private static long Feed(DetectorBank bank, SeriesKey[] keys, DateTimeOffset start, int fromRound, int toRound, List<Signal> signals)
    {
        long count = 0;
        uint state = 2463534242;
        for (int round = fromRound; round < toRound; round++)
        {
            var time = start.AddSeconds(10 * round);
            for (int s = 0; s < keys.Length; s++)
            {
                // xorshift noise around 50: cheap enough not to hide the bank's own cost.
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                bank.Observe(new MetricSample(keys[s], time, 50.0 + ((state & 0xFFFF) / 65536.0)), signals);
                count++;
            }
        }

        return count;
    }
}
