namespace Correlator.Detection.Multivariate.Tests;

public sealed class AsdEvaluationTests
{
    private static readonly string Root = AsdRoot();

    // ../shared/eval/asd from the repository root (the folder holding Correlator.sln).
    private static string AsdRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Correlator.sln")))
        {
            directory = directory.Parent;
        }

        return Path.GetFullPath(Path.Combine(directory?.FullName ?? ".", "..", "shared", "eval", "asd"));
    }

    [Fact]
    public void Evaluate_OneRealServer_ReportsEverySegmentWithConsistentFigures()
    {
        Assert.SkipWhen(!Directory.Exists(Root), $"the ASD data set is not at {Root} (../shared/eval/asd from the repository root)");
        var server = AsdServer.Load(Root, "omi-1");

        var result = AsdEvaluation.Evaluate(server, new EntityModelOptions(), blamedMetrics: 3);

        Assert.Equal(8640, server.Train.Count);
        Assert.Equal(4320, server.Test.Count);
        Assert.Equal(File.ReadLines(Path.Combine(Root, "interpretation_label", "omi-1.txt")).Count(l => l.Trim().Length > 0), result.Segments.Count);
        Assert.Equal(15.0, result.Days, 9);
        Assert.All(result.Segments.Where(s => s.Caught), s =>
        {
            Assert.InRange(s.DelayMinutes ?? -1, 0, (s.Segment.Last - s.Segment.First) * 5);
            Assert.Equal(3, s.Blamed.Count);
        });
        Assert.Contains(result.Segments, s => s.Caught);
    }

    [Theory]
    [InlineData("760-765:4,20", "metric '20'")]
    [InlineData("765-760:4", "start-end")]
    [InlineData("10-5000:1", "start-end")]
    public void Parse_BadSegment_NamesWhereAndWhat(string line, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => AsdSegment.Parse(line, "omi-1.txt:3", rows: 4320, metrics: 19));

        Assert.Contains("omi-1.txt:3", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
