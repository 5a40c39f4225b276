using System.Globalization;

namespace Correlator.Service.Bench.Ui;

/// <summary>The knobs of <c>correlator bench ui</c>; the defaults are the sizes the issue names.</summary>
internal sealed class UiBenchOptions
{
    public const string Usage = """
        Usage: correlator bench ui [--incidents N] [--signals N] [--runs N] [--warmup N] [--chromium PATH]
                                   [--new-tab] [--screenshots DIR] [--setting Section:Key=value ...]
        Seeds a fresh store with --incidents incidents (default 10000; the newest has --signals signals, default
        1000), starts the service on it and loads the incident list and that incident's page in headless
        Chromium (default /usr/bin/chromium) --runs times each (default 20, after --warmup loads, default 3), in
        one tab per page (--new-tab: a new tab for every load, which also times starting a renderer). Reports,
        from the browser's Performance API, the time from navigation start to first contentful paint and to
        DOMContentLoaded (median, p95). Goal: first render under 500 ms. Also times the last page of the list
        and a filtered list (not part of the goal). --screenshots saves a PNG of each page's first screen.
        """;

    public int Incidents { get; set; } = 10_000;

    public int StormSignals { get; set; } = 1_000;

    public int Runs { get; set; } = 20;

    public int Warmup { get; set; } = 3;

    public string Chromium { get; set; } = "/usr/bin/chromium";

    /// <summary>Opens every load in a new tab instead of reloading one tab per page.</summary>
    public bool NewTabEachLoad { get; set; }

    /// <summary>A folder for a screenshot of each page after its last measured load; null for none.</summary>
    public string? Screenshots { get; set; }

    /// <summary>Service settings (<c>Section:Key=value</c>) for the instance under test.</summary>
    public List<string> Settings { get; } = [];

    public static UiBenchOptions Parse(string[] args)
    {
        var options = new UiBenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--incidents": options.Incidents = Whole(Next(), "--incidents", 1); break;
                case "--signals": options.StormSignals = Whole(Next(), "--signals", 1); break;
                case "--runs": options.Runs = Whole(Next(), "--runs", 1); break;
                case "--warmup": options.Warmup = Whole(Next(), "--warmup", 0); break;
                case "--chromium": options.Chromium = Next(); break;
                case "--new-tab": options.NewTabEachLoad = true; break;
                case "--screenshots": options.Screenshots = Next(); break;
                case "--setting": options.Settings.Add(Next()); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        return options;
    }

    private static int Whole(string text, string name, int minimum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new ArgumentException($"{name} must be a whole number of at least {minimum} (got '{text}').");
}
