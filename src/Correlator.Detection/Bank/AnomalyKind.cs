namespace Correlator.Detection.Bank;

/// <summary>
/// What an anomaly looks like, by a deliberately simple rule over its firing episode: it starts as a
/// spike; once the episode lasted <see cref="BankOptions.ShiftSamples"/> samples with every value still
/// beyond half the first deviation from the expected value, it is a trend when every step moved the
/// anomaly's way, otherwise a level shift.
/// </summary>
public enum AnomalyKind
{
    Spike = 0,
    LevelShift,
    Trend,
}
