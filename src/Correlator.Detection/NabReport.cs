namespace Correlator.Detection;

/// <summary>The outcome of running one detector over a NAB corpus: scores per row and per profile.</summary>
public sealed class NabReport(string detectorName, IReadOnlyList<NabFileResult> files, IReadOnlyList<NabProfileResult> profiles)
{
    public string DetectorName { get; } = detectorName;

    public IReadOnlyList<NabFileResult> Files { get; } = files;

    public IReadOnlyList<NabProfileResult> Profiles { get; } = profiles;

    /// <summary>The result for a profile by its NAB name (for example "standard").</summary>
    public NabProfileResult this[string profileName] =>
        Profiles.FirstOrDefault(p => p.Profile.Name == profileName)
        ?? throw new KeyNotFoundException($"No NAB profile named '{profileName}'");
}
