using Correlator.Detection.Art;
using Correlator.Detection.Ensemble;

namespace Correlator.Detection.Tests.Art;

public sealed class ArtDetectorTests
{
    private static readonly ArtDetectorOptions Small = new() { Features = 2, BlockLength = 4, LearningPeriod = 1000 };

    private static double[] Sine(int length) =>
        [.. Enumerable.Range(0, length).Select(i => 10.0 + Math.Sin(2.0 * Math.PI * i / 25.0))];

    [Fact]
    public void Score_LearningPeriod_ScoredZero()
    {
        var scores = SyntheticSeries.ScoreAll(new ArtDetector(Small), Sine(1100));

        Assert.All(scores[..1000], s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void Score_PatternSeenWhileLearning_IsNotNovel()
    {
        var detector = new ArtDetector(Small);

        var scores = SyntheticSeries.ScoreAll(detector, Sine(3000));

        Assert.True(scores[1000..].Max() < 0.5, $"max {scores[1000..].Max()} at {Array.IndexOf(scores, scores[1000..].Max())}");
        Assert.InRange(detector.CategoryCount, 1, Small.MaxCategories);
    }

    [Fact]
    public void Score_SustainedMoveToANewLevel_IsNovelOnceThenLearnt()
    {
        // The sine, then the same sine 3 ranges higher (far outside what was learnt).
        var values = Sine(2000);
        for (var i = 1500; i < values.Length; i++)
        {
            values[i] += 6.0;
        }

        var detector = new ArtDetector(Small);
        var novel = new List<int>();
        for (var i = 0; i < values.Length; i++)
        {
            if (detector.Score(DateTimeOffset.UnixEpoch.AddMinutes(i), values[i]) >= 0.5)
            {
                Assert.True(detector.LastWasNovel);
                novel.Add(i);
            }
        }

        Assert.NotEmpty(novel);
        Assert.InRange(novel[0], 1500, 1500 + (Small.Features * Small.BlockLength));
        Assert.True(novel[^1] < 1600, $"still novel at {novel[^1]}: the new level was not learnt ({string.Join(", ", novel)})");
    }

    [Fact]
    public void Score_NonFiniteValues_SkippedAndNotLearnt()
    {
        var values = Sine(1500);
        var withGaps = new List<double>();
        for (var i = 0; i < values.Length; i++)
        {
            withGaps.Add(values[i]);
            if (i % 50 == 0)
            {
                withGaps.Add(i % 100 == 0 ? double.NaN : double.PositiveInfinity);
            }
        }

        var clean = SyntheticSeries.ScoreAll(new ArtDetector(Small), values);
        var gapped = SyntheticSeries.ScoreAll(new ArtDetector(Small), withGaps);

        Assert.Equal(clean, gapped.Where((_, i) => double.IsFinite(withGaps[i])).ToArray());
        Assert.All(gapped.Where((_, i) => !double.IsFinite(withGaps[i])), s => Assert.Equal(0.0, s));
    }

    [Fact]
    public void Score_RandomWalk_CategoriesStayWithinTheirBound()
    {
        var random = new Random(5);
        var value = 0.0;
        var detector = new ArtDetector(Small with { MaxCategories = 8, Vigilance = 0.99 });
        var novel = 0;
        for (var i = 0; i < 5000; i++)
        {
            value += random.NextDouble() - 0.5;
            detector.Score(DateTimeOffset.UnixEpoch.AddMinutes(i), value);
            novel += detector.LastWasNovel ? 1 : 0;
            Assert.InRange(detector.CategoryCount, 0, 8);
        }

        Assert.True(novel > 100, $"{novel} novel inputs at vigilance 0.99");
    }

    [Fact]
    public void Score_ConstantSeries_NeverNovel()
    {
        var scores = SyntheticSeries.ScoreAll(new ArtDetector(Small), Enumerable.Repeat(3.0, 1000).ToArray());

        Assert.All(scores, s => Assert.InRange(s, 0.0, 0.5 - 1e-9));
    }

    [Theory]
    [InlineData(nameof(ArtDetectorOptions.Features))]
    [InlineData(nameof(ArtDetectorOptions.BlockLength))]
    [InlineData(nameof(ArtDetectorOptions.LearningPeriod))]
    [InlineData(nameof(ArtDetectorOptions.Vigilance))]
    [InlineData(nameof(ArtDetectorOptions.LearningRate))]
    [InlineData(nameof(ArtDetectorOptions.MaxCategories))]
    public void Constructor_InvalidOption_ThrowsNamingIt(string name)
    {
        var options = name switch
        {
            nameof(ArtDetectorOptions.Features) => new ArtDetectorOptions { Features = 0 },
            nameof(ArtDetectorOptions.BlockLength) => new ArtDetectorOptions { BlockLength = 0 },
            nameof(ArtDetectorOptions.LearningPeriod) => new ArtDetectorOptions { LearningPeriod = 1 },
            nameof(ArtDetectorOptions.Vigilance) => new ArtDetectorOptions { Vigilance = 1.5 },
            nameof(ArtDetectorOptions.LearningRate) => new ArtDetectorOptions { LearningRate = 0.0 },
            _ => new ArtDetectorOptions { MaxCategories = 0 },
        };

        var error = Assert.Throws<ArgumentException>(() => new ArtDetector(options));

        Assert.StartsWith(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorrelatorDetector_WithTheArtMember_AlarmsOnAMoveTheOthersMiss()
    {
        // A sine between 9 and 11 that narrows to a flat 10.5 line: every value is inside the
        // learnt range (no surprise, no new level), but the pattern of block means is new.
        var values = Sine(2400);
        for (var i = 2000; i < values.Length; i++)
        {
            values[i] = 10.5;
        }

        var alarm = 12.0 / (12.0 + 20.0);
        var art = Small with { Vigilance = 0.9 };
        var single = new ArtEnsembleOptions { Network = art, Networks = 1, Votes = 1, QuietLength = 0 };
        var with = SyntheticSeries.ScoreAll(new CorrelatorDetector(new CorrelatorDetectorOptions { Art = single }), values);
        var without = SyntheticSeries.ScoreAll(new CorrelatorDetector(new CorrelatorDetectorOptions { Art = null }), values);

        Assert.True(with[..2000].Max() < alarm, $"before the move {with[..2000].Max()} at {Array.IndexOf(with, with[..2000].Max())}");
        Assert.True(with[2000..2100].Max() > alarm, $"with the member {with[2000..2100].Max()}");
        Assert.True(without[2000..2100].Max() < alarm, $"without it {without[2000..2100].Max()}");
    }
}
