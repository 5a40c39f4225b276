namespace Correlator.Detection;

/// <summary>
/// A NAB-layout folder loaded for scoring: the series under data/, their windows from
/// labels/combined_windows.json and the profiles from config/profiles.json.
/// </summary>
public sealed class NabCorpus
{
    public NabCorpus(IEnumerable<NabDataFile> files, IEnumerable<NabProfile> profiles, int? labelledWindowCount = null)
    {
        Files = [.. files.OrderBy(f => f.RelativePath, StringComparer.Ordinal)];
        Profiles = [.. profiles];
        LabelledWindowCount = labelledWindowCount ?? Files.Sum(f => f.Windows.Count);
    }

    public IReadOnlyList<NabDataFile> Files { get; }

    public IReadOnlyList<NabProfile> Profiles { get; }

    /// <summary>
    /// Every window in the labels file: NAB's perfect score is this count times A_TP, even for a
    /// window that lies inside a probation period.
    /// </summary>
    public int LabelledWindowCount { get; }

    /// <summary>Loads a NAB checkout (or a copy of its data, labels and config folders).</summary>
    public static NabCorpus Load(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        var dataDirectory = Path.Combine(root, "data");
        var windows = NabJson.ReadWindows(Path.Combine(root, "labels", "combined_windows.json"));
        var profiles = NabJson.ReadProfiles(Path.Combine(root, "config", "profiles.json"));

        var files = new List<NabDataFile>();
        foreach (var path in Directory.EnumerateFiles(dataDirectory, "*.csv", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(dataDirectory, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!windows.TryGetValue(relative, out var fileWindows))
            {
                throw new InvalidDataException($"{relative} has no entry in combined_windows.json");
            }

            var (timestamps, values) = NabCsv.Read(path);
            files.Add(new NabDataFile(relative, timestamps, values, fileWindows));
        }

        return new NabCorpus(files, profiles, windows.Values.Sum(w => w.Count));
    }
}
