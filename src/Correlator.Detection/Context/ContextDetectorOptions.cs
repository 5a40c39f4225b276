namespace Correlator.Detection.Context;

/// <summary>The settings of <see cref="ContextDetector"/>; the defaults are the configuration measured on NAB (docs/detection.md).</summary>
public sealed record ContextDetectorOptions
{
    /// <summary>Values scored 0 and kept until the level width is fixed from their range; then they are learnt as the first facts.</summary>
    public int LearningPeriod { get; init; } = 150;

    /// <summary>How many levels the range of the learning period is cut into (values beyond it get levels of their own).</summary>
    public int Levels { get; init; } = 48;

    /// <summary>
    /// 0: the levels span the learning values' minimum to maximum. Above 0 (below 0.5): they span the
    /// quantiles at this and at 1 minus this, a range a few outliers in the learning period cannot stretch.
    /// </summary>
    public double RangeQuantile { get; init; }

    /// <summary>
    /// The narrowest level, as a share of the largest magnitude in the learnt range (0: no floor); a
    /// learning period that barely moves then does not make every later wobble a never-seen level.
    /// </summary>
    public double MinRelativeWidth { get; init; }

    /// <summary>The longest context: how many preceding levels a context holds (contexts of 1 to this many are kept).</summary>
    public int MaxOrder { get; init; } = 1;

    /// <summary>Contexts and (context, next level) facts remembered per generation; two generations are kept, so at most twice this.</summary>
    public int MaxFacts { get; init; } = 4096;

    /// <summary>The raw score at or above which a value is an alarm.</summary>
    public double AlarmScore { get; init; } = 0.7;

    /// <summary>Values after an alarm during which no further alarm is raised (CAD's rest period).</summary>
    public int RestPeriod { get; init; } = 150;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Require(LearningPeriod >= 2, nameof(LearningPeriod), LearningPeriod, "at least 2");
        Require(Levels >= 2, nameof(Levels), Levels, "at least 2");
        Require(RangeQuantile is >= 0.0 and < 0.5, nameof(RangeQuantile), RangeQuantile, "at least 0 and below 0.5");
        Require(MinRelativeWidth is >= 0.0 and < 1.0, nameof(MinRelativeWidth), MinRelativeWidth, "at least 0 and below 1");
        Require(MaxOrder is >= 0 and <= 16, nameof(MaxOrder), MaxOrder, "between 0 and 16");
        Require(MaxFacts >= 16, nameof(MaxFacts), MaxFacts, "at least 16");
        Require(AlarmScore is > 0.0 and <= 1.0, nameof(AlarmScore), AlarmScore, "above 0 and at most 1");
        Require(RestPeriod >= 0, nameof(RestPeriod), RestPeriod, "0 or more");
    }

    private static void Require(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} must be {rule}, not {value}.");
        }
    }
}
