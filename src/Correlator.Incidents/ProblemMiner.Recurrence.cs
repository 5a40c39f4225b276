namespace Correlator.Incidents;

public sealed partial class ProblemMiner
{
    /// <summary>The most of <paramref name="times"/> that fall within one span of <paramref name="window"/> (a sliding window).</summary>
    public static int PeakCount(IEnumerable<DateTimeOffset> times, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(times);
        var sorted = times.Order().ToList();
        int peak = 0, start = 0;
        for (int end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] > window)
            {
                start++;
            }

            peak = Math.Max(peak, end - start + 1);
        }

        return peak;
    }
}
