namespace Correlator.Detection.Ensemble;

/// <summary>The settings of <see cref="CorrelatorDetector"/>; the defaults are the configuration measured on NAB (docs/detection.md).</summary>
public sealed record CorrelatorDetectorOptions
{
    /// <summary>Past values the kernel density is estimated from.</summary>
    public int KernelWindowSize { get; init; } = 800;

    /// <summary>Past values the Gaussian mean and deviation are taken over.</summary>
    public int GaussianWindowSize { get; init; } = 6400;

    /// <summary>The length of the moving average watched for level shifts (the second scale); 1 turns it off.</summary>
    public int SmoothingWindowSize { get; init; } = 10;

    /// <summary>The surprise (-ln p) at which a value is an alarm and the suppression starts.</summary>
    public double AlarmSurprise { get; init; } = 12.0;

    /// <summary>How many values after an alarm are scored at most half the alarm score (one alarm per anomaly).</summary>
    public int SuppressionLength { get; init; } = 75;

    /// <summary>
    /// The alarm budget's memory: how many past values the alarms raised are counted over. Each alarm
    /// among the last this many values raises the surprise a value needs to be an alarm by
    /// <see cref="AlarmBudgetStep"/>, so a series that keeps alarming (bursty traffic) must surprise more
    /// to alarm again; 0 turns the budget off (the behaviour before 2026-12-06).
    /// </summary>
    public int AlarmBudgetWindow { get; init; } = 4000;

    /// <summary>How much each alarm among the last <see cref="AlarmBudgetWindow"/> values raises the surprise alarm level; 0 turns the budget off.</summary>
    public double AlarmBudgetStep { get; init; } = 3.0;

    /// <summary>
    /// "Seen before": a surprise alarm is raised only when the value lies outside the range of the last this many
    /// values or its moving average outside the range of the last this many averages; otherwise it is scored half
    /// an alarm and starts no suppression (the contextual and ART members' alarms are not affected). 0 turns it
    /// off (the behaviour before the 2026-12-06 "nab6" slice).
    /// </summary>
    public int SeenRangeWindow { get; init; } = 6400;

    /// <summary>The block length the seen-before range is kept in: it covers the last window to window + block - 1 values, in 2 x (window / block + 1) doubles per scale.</summary>
    public int SeenRangeBlock { get; init; } = 64;

    /// <summary>The score is surprise / (surprise + this): monotone, in [0, 1), never saturating at 1.</summary>
    public double ScoreScale { get; init; } = 20.0;

    /// <summary>
    /// The contextual novelty member (<see cref="Context.ContextDetector"/>, its own rest period unused);
    /// null turns it off.
    /// </summary>
    public Context.ContextDetectorOptions? Context { get; init; } = new() { LearningPeriod = 150, Levels = 48, MaxOrder = 1, AlarmScore = 0.7, RestPeriod = 0 };

    /// <summary>
    /// The fuzzy-ART member (<see cref="Art.ArtEnsemble"/>, after NAB's ARTime entry): networks at neighbouring
    /// vigilances over windowed block means; a value where enough of them found a new category after a quiet stretch
    /// is an alarm too (docs/detection.md, "NAB, eighth slice, ART and earliness"). Off (null) by default: on top of
    /// the seasonal member it raises the whole corpus but lowers half B on all three profiles at every neighbouring
    /// setting. <c>new ArtEnsembleOptions()</c> turns the ensemble on; <c>new ArtEnsembleOptions { Networks = 1,
    /// Votes = 1, QuietLength = 0 }</c> is the single network of the fifth slice.
    /// </summary>
    public Art.ArtEnsembleOptions? Art { get; init; }

    /// <summary>The contextual novelty at or above which a value is an alarm too (scored above the surprise alarm level).</summary>
    public double ContextAlarmScore { get; init; } = 0.7;

    /// <summary>
    /// A budget for the member's alarms: when above 0, a member alarm (one the surprise did not raise too) is dropped
    /// while <see cref="ContextBudgetAlarms"/> member alarms have already been raised among the last this many values:
    /// a member that keeps finding new levels has stopped telling news. 0 turns it off (the behaviour before the
    /// 2026-12-06 "nab9" slice).
    /// </summary>
    public int ContextBudgetWindow { get; init; } = 2250;

    /// <summary>How many member alarms the last <see cref="ContextBudgetWindow"/> values may hold before further ones are dropped.</summary>
    public int ContextBudgetAlarms { get; init; } = 5;

    /// <summary>
    /// The seasonal member (<see cref="Seasonal.SeasonalDetector"/>, the "nab10" slice of 2026-12-06): where the series
    /// has a period, a value whose recent residuals from the same phase of the previous period are far out raises an
    /// alarm (a broken daily or weekly pattern inside the usual range). Null turns it off (the behaviour before it).
    /// </summary>
    public Seasonal.SeasonalDetectorOptions? Seasonal { get; init; } = new();

    /// <summary>The seasonal member's surprise (-ln p of its averaged residual) at which its value is an alarm.</summary>
    public double SeasonalAlarmSurprise { get; init; } = 30.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Require(KernelWindowSize >= 2, nameof(KernelWindowSize), KernelWindowSize, "at least 2");
        Require(GaussianWindowSize >= 2, nameof(GaussianWindowSize), GaussianWindowSize, "at least 2");
        Require(SmoothingWindowSize >= 1, nameof(SmoothingWindowSize), SmoothingWindowSize, "at least 1");
        Require(AlarmSurprise > 0.0 && double.IsFinite(AlarmSurprise), nameof(AlarmSurprise), AlarmSurprise, "a finite number above 0");
        Require(SuppressionLength >= 0, nameof(SuppressionLength), SuppressionLength, "0 or more");
        Require(ContextAlarmScore is > 0.0 and <= 1.0, nameof(ContextAlarmScore), ContextAlarmScore, "above 0 and at most 1");
        Require(AlarmBudgetWindow >= 0, nameof(AlarmBudgetWindow), AlarmBudgetWindow, "0 or more");
        Require(AlarmBudgetStep >= 0.0 && double.IsFinite(AlarmBudgetStep), nameof(AlarmBudgetStep), AlarmBudgetStep, "a finite number, 0 or more");
        Require(SeenRangeWindow >= 0, nameof(SeenRangeWindow), SeenRangeWindow, "0 or more");
        Require(SeenRangeBlock >= 1, nameof(SeenRangeBlock), SeenRangeBlock, "at least 1");
        Require(ContextBudgetWindow >= 0, nameof(ContextBudgetWindow), ContextBudgetWindow, "0 or more");
        Require(ContextBudgetAlarms >= 1, nameof(ContextBudgetAlarms), ContextBudgetAlarms, "at least 1");
        Context?.Validate();
        Art?.Validate();
        Seasonal?.Validate();
        Require(SeasonalAlarmSurprise > 0.0 && double.IsFinite(SeasonalAlarmSurprise), nameof(SeasonalAlarmSurprise), SeasonalAlarmSurprise, "a finite number above 0");
        Require(ScoreScale > 0.0 && double.IsFinite(ScoreScale), nameof(ScoreScale), ScoreScale, "a finite number above 0");
    }

    private static void Require(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} must be {rule}, not {value}.");
        }
    }
}
