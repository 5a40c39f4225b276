namespace Correlator.Detection.Tests;

public sealed class NabDataFileTests
{
    [Fact]
    public void InsideWindow_RepeatedTimestamps_FollowsRowOrderLikeNab()
    {
        // Rows 10..12 repeat the times of rows 5..7 (as in NAB's machine_temperature file).
        int[] minutes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 5, 6, 7, 10, 11];
        var file = new NabDataFile(
            "x/repeat.csv",
            minutes.Select(NabFiles.Row),
            minutes.Select(m => (double)m),
            [NabFiles.Window(6, 7)]);

        var inside = file.InsideWindow();

        Assert.Equal([6, 7], inside.Select((w, i) => w ? i : -1).Where(i => i >= 0));
    }

    [Fact]
    public void Constructor_MoreValuesThanTimestamps_Throws()
    {
        Assert.Throws<ArgumentException>(() => new NabDataFile("x/bad.csv", [NabFiles.Row(0)], [1.0, 2.0], []));
    }
}
