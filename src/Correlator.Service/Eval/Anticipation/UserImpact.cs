using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Eval.Anticipation;

/// <summary>
/// The users' view in the Nezha data: a minute of <c>front_service.csv</c> is user-impacting when the front end's
/// success rate is more than <c>SuccessDropPoints</c> below, or its P90 latency more than <c>LatencyFactor</c> times,
/// the median of the preceding <c>Baseline</c> (trailing, so the rule uses only the past). Minutes without
/// enough baseline (the first <c>MinBaselineMinutes</c>) are never impacting.
/// </summary>
internal sealed class UserImpact
{
    public const double SuccessDropPoints = 1.0;
    public const double LatencyFactor = 1.5;
    public const int MinBaselineMinutes = 10;
    public static readonly TimeSpan Baseline = TimeSpan.FromMinutes(30);

    private readonly List<DateTimeOffset> _impacted = [];

    public UserImpact(IReadOnlyList<FrontRow> front)
    {
        ArgumentNullException.ThrowIfNull(front);
        for (int i = 0; i < front.Count; i++)
        {
            var row = front[i];
            var window = new List<FrontRow>();
            for (int j = i - 1; j >= 0 && front[j].At >= row.At - Baseline; j--)
            {
                window.Add(front[j]);
            }

            if (window.Count < MinBaselineMinutes)
            {
                continue;
            }

            double success = Median(window.Select(r => r.SuccessRate)), latency = Median(window.Select(r => r.LatencyP90));
            if (row.SuccessRate < success - SuccessDropPoints || row.LatencyP90 > LatencyFactor * latency)
            {
                _impacted.Add(row.At);
            }
        }
    }

    public static string Rule => $"a front-end minute is user-impacting when its success rate is > {SuccessDropPoints} point below, or its P90 latency > {LatencyFactor}x, the median of the preceding {Baseline.TotalMinutes} min";

    public int ImpactedMinutes => _impacted.Count;

    /// <summary>The first user-impacting minute in [from, to), if any.</summary>
    public DateTimeOffset? First(DateTimeOffset from, DateTimeOffset to)
    {
        int i = _impacted.BinarySearch(from);
        i = i < 0 ? ~i : i;
        return i < _impacted.Count && _impacted[i] < to ? _impacted[i] : null;
    }

    /// <summary>Whether users were impacted at some minute in [from, to].</summary>
    public bool Any(DateTimeOffset from, DateTimeOffset to) => First(from, to.AddTicks(1)) is not null;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
