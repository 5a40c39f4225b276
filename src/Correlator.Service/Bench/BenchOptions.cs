using System.Globalization;

namespace Correlator.Service.Bench;

/// <summary>The knobs of <c>correlator bench ingest</c>, with defaults sized for a 2-core machine.</summary>
internal sealed class BenchOptions
{
    public int AlertsBatch1 { get; set; } = 20_000;

    public int AlertsBatch100 { get; set; } = 200_000;

    public int Concurrency { get; set; } = 32;

    public int Services { get; set; } = 500;

    /// <summary>How often each distinct alert is sent in the throughput runs (1: every alert is new).</summary>
    public int Repeats { get; set; } = 1;

    public int LatencyRate { get; set; } = 1_000;

    public TimeSpan LatencyDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The pause between two reads of one alert's incident in the latency part (0, the default: read again at once).
    /// The verb prints the reads per alert; a pause only matters when that is well above one.
    /// </summary>
    public TimeSpan LatencyPollInterval { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long the latency part first sends the same kind of load, not counted (<c>--latency-warmup-seconds N</c>, default 0):
    /// without it the measured phase includes the first compilations of the paths it takes.
    /// </summary>
    public TimeSpan LatencyWarmup { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Whether the latency part records GC pauses, stalls, the thread pool, the JIT and each commit to explain its slow
    /// alerts (<c>--latency-trace on|off</c>, default on).
    /// </summary>
    public bool LatencyTrace { get; set; } = true;

    /// <summary>The Alertmanager binary; empty finds the Debian one; "none" skips the side-by-side runs.</summary>
    public string? Alertmanager { get; set; }

    /// <summary>
    /// Whether to measure the machine's ceiling beside Correlator and Alertmanager: a bare Kestrel target that reads
    /// the body and answers 202, and the same plus the production webhook parser (<c>--ceiling on|off</c>, default on).
    /// </summary>
    public bool Ceiling { get; set; } = true;

    /// <summary>The senders every target of the throughput runs is driven with (<c>--sender httpclient|raw</c>, default httpclient).</summary>
    public IngestSender Sender { get; set; } = IngestSender.HttpClient;

    /// <summary>Service settings (<c>Section:Key=value</c>) for the Correlator instances under test.</summary>
    public List<string> Settings { get; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--alerts-batch1": options.AlertsBatch1 = Positive(Next(), "--alerts-batch1"); break;
                case "--alerts-batch100": options.AlertsBatch100 = Positive(Next(), "--alerts-batch100"); break;
                case "--concurrency": options.Concurrency = Positive(Next(), "--concurrency"); break;
                case "--services": options.Services = Positive(Next(), "--services"); break;
                case "--repeats": options.Repeats = Positive(Next(), "--repeats"); break;
                case "--latency-rate": options.LatencyRate = Positive(Next(), "--latency-rate"); break;
                case "--latency-seconds": options.LatencyDuration = TimeSpan.FromSeconds(Positive(Next(), "--latency-seconds")); break;
                case "--latency-poll-ms": options.LatencyPollInterval = TimeSpan.FromMilliseconds(NonNegative(Next(), "--latency-poll-ms")); break;
                case "--latency-warmup-seconds": options.LatencyWarmup = TimeSpan.FromSeconds(NonNegative(Next(), "--latency-warmup-seconds")); break;
                case "--latency-trace": options.LatencyTrace = OnOff(Next(), "--latency-trace"); break;
                case "--alertmanager": options.Alertmanager = Next(); break;
                case "--ceiling": options.Ceiling = OnOff(Next(), "--ceiling"); break;
                case "--sender": options.Sender = SenderKind(Next()); break;
                case "--setting": options.Settings.Add(Next()); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        return options;
    }

    private static bool OnOff(string text, string name) => text switch
    {
        "on" => true,
        "off" => false,
        _ => throw new ArgumentException($"{name} must be on or off (got '{text}')."),
    };

    private static IngestSender SenderKind(string text) => text switch
    {
        "httpclient" => IngestSender.HttpClient,
        "raw" => IngestSender.Raw,
        _ => throw new ArgumentException($"--sender must be httpclient or raw (got '{text}')."),
    };

    private static int NonNegative(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} must be a whole number, 0 or more (got '{text}').");

    private static int Positive(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive whole number (got '{text}').");
}
