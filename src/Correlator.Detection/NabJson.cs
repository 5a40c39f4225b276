using System.Text.Json;

namespace Correlator.Detection;

/// <summary>Reads NAB's labels/combined_windows.json and config/profiles.json.</summary>
internal static class NabJson
{
    public static Dictionary<string, List<NabWindow>> ReadWindows(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var windows = new Dictionary<string, List<NabWindow>>(StringComparer.Ordinal);
        foreach (var file in document.RootElement.EnumerateObject())
        {
            var list = new List<NabWindow>();
            foreach (var pair in file.Value.EnumerateArray())
            {
                var start = pair[0].GetString() ?? throw new InvalidDataException($"{path}: {file.Name} has a window without a start");
                var end = pair[1].GetString() ?? throw new InvalidDataException($"{path}: {file.Name} has a window without an end");
                list.Add(new NabWindow(NabTimestamps.Parse(start), NabTimestamps.Parse(end)));
            }

            windows[file.Name] = list;
        }

        return windows;
    }

    public static List<NabProfile> ReadProfiles(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var profiles = new List<NabProfile>();
        foreach (var profile in document.RootElement.EnumerateObject())
        {
            var costs = profile.Value.GetProperty("CostMatrix");
            profiles.Add(new NabProfile(
                profile.Name,
                costs.GetProperty("tpWeight").GetDouble(),
                costs.GetProperty("fpWeight").GetDouble(),
                costs.GetProperty("fnWeight").GetDouble()));
        }

        return profiles;
    }
}
