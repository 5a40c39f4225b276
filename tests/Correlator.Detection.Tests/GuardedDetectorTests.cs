using Correlator.Testing;

namespace Correlator.Detection.Tests;

public sealed class GuardedDetectorTests
{
    public static TheoryData<string> Names => [.. DetectorCatalog.All.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Score_NaNGapAndOutOfOrderSamples_ReportedSkippedAndLaterScoresUnchanged(string name)
    {
        var values = SyntheticSeries.WithSpike(500, at: 450, height: 20.0);
        var times = Enumerable.Range(0, 500).Select(i => Some.T0.AddMinutes(i < 300 ? i : i + 60)).ToArray();
        var clean = new GuardedDetector(DetectorCatalog.All[name]());
        var dirty = new GuardedDetector(DetectorCatalog.All[name]());
        var expected = new List<double>();
        var actual = new List<double>();

        for (var i = 0; i < 500; i++)
        {
            expected.Add(clean.Score(times[i], values[i]));
            if (i == 350)
            {
                Assert.Equal(0.0, dirty.Score(times[i], double.NaN));
                Assert.Equal(SampleStatus.NonFinite, dirty.LastStatus);
                Assert.Equal(0.0, dirty.Score(times[i - 100], 1e6));
                Assert.Equal(SampleStatus.OutOfOrder, dirty.LastStatus);
            }

            actual.Add(dirty.Score(times[i], values[i]));
            Assert.Equal(i == 300 ? SampleStatus.AcceptedAfterGap : SampleStatus.Accepted, dirty.LastStatus);
        }

        Assert.Equal(expected, actual);
        Assert.All(actual, s => Assert.InRange(s, 0.0, 1.0));
        Assert.Equal(new SeriesInputReport(Accepted: 500, Gaps: 1, NonFinite: 1, OutOfOrder: 1), dirty.Report);
    }

    [Fact]
    public void Score_RepeatedTimestamp_IsOutOfOrder()
    {
        var guard = new GuardedDetector(new IidSpikeDetector());
        guard.Score(Some.T0, 1.0);

        guard.Score(Some.T0, 2.0);

        Assert.Equal(SampleStatus.OutOfOrder, guard.LastStatus);
        Assert.Equal(1, guard.Report.Skipped);
    }

    [Fact]
    public void Constructor_GapFactorNotAboveOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuardedDetector(new IidSpikeDetector(), gapFactor: 1.0));
    }
}
