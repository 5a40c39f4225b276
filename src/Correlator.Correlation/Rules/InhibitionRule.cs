namespace Correlator.Correlation.Rules;

/// <summary>
/// While a firing signal matches each of <see cref="Sources"/> (all of them required) with the same values of
/// <see cref="Equal"/>, a newly firing signal matching <see cref="Target"/> is suppressed into the incident
/// of the latest source rather than opening its own.
/// </summary>
public sealed record InhibitionRule(string Name, IReadOnlyList<SignalMatcher> Sources, SignalMatcher Target, IReadOnlyList<string> Equal, int Line);
