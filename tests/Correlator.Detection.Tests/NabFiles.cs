using Correlator.Testing;

namespace Correlator.Detection.Tests;

/// <summary>Synthetic NAB files for hand-computed scorer tests: one row per minute from <see cref="Some.T0"/>.</summary>
internal static class NabFiles
{
    public static DateTimeOffset Row(int index) => Some.T0.AddMinutes(index);

    public static NabWindow Window(int first, int last) => new(Row(first), Row(last));

    public static NabDataFile Create(int rows, params NabWindow[] windows) => Create("synthetic/file.csv", rows, windows);

    public static NabDataFile Create(string path, int rows, params NabWindow[] windows) => new(
        path,
        Enumerable.Range(0, rows).Select(Row),
        Enumerable.Range(0, rows).Select(i => (double)i),
        windows);

    public static bool[] DetectionsAt(int rows, params int[] indices)
    {
        var detections = new bool[rows];
        foreach (var i in indices)
        {
            detections[i] = true;
        }

        return detections;
    }
}
