namespace Correlator.Correlation.Rules;

/// <summary>
/// A matching signal whose status changes more than <see cref="MaxChanges"/> times within
/// <see cref="Window"/> is flapping: its further changes are held (not passed to its incident, not
/// re-notified) until it has not changed for <see cref="StableFor"/>.
/// </summary>
public sealed record FlappingRule(string Name, SignalMatcher Match, int MaxChanges, TimeSpan Window, TimeSpan StableFor, int Line);
