namespace Correlator.Detection.Bank;

/// <summary>The detectors a bank rule may name: the compact <c>ewma</c>, every <see cref="DetectorCatalog"/> entry, and <c>none</c>.</summary>
public static class BankDetectors
{
    /// <summary>The rule's detector name that leaves matching series unwatched.</summary>
    public const string None = "none";

    public static IEnumerable<string> Names => new[] { EwmaDetector.DetectorName, None }.Concat(DetectorCatalog.All.Keys);

    public static bool IsKnown(string? name) =>
        name is EwmaDetector.DetectorName or None || (name is not null && DetectorCatalog.All.ContainsKey(name));

    /// <summary>A fresh detector, or null for <c>none</c>.</summary>
    public static IStreamingDetector? Create(string name) => name switch
    {
        EwmaDetector.DetectorName => new EwmaDetector(),
        None => null,
        _ => DetectorCatalog.All.TryGetValue(name, out var factory) ? factory() : throw new ArgumentException($"Unknown detector '{name}'.", nameof(name)),
    };
}
