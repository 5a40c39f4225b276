namespace Correlator.Detection.Art;

/// <summary>
/// The settings of <see cref="ArtEnsemble"/>: several fuzzy-ART networks at neighbouring vigilances, whose novelties
/// count only after a quiet stretch and raise an alarm only when enough networks agree; the defaults are the
/// configuration measured on NAB (docs/detection.md, "NAB, eighth slice").
/// </summary>
public sealed record ArtEnsembleOptions
{
    /// <summary>The settings every network shares; its <see cref="ArtDetectorOptions.Vigilance"/> is the centre of the vigilances.</summary>
    public ArtDetectorOptions Network { get; init; } = new();

    /// <summary>How many networks run, at vigilances centre + step x (i - (n - 1) / 2) for i = 0 .. n - 1.</summary>
    public int Networks { get; init; } = 5;

    /// <summary>The spacing of the networks' vigilances.</summary>
    public double VigilanceStep { get; init; } = 0.02;

    /// <summary>
    /// A network's novelty (a new category) counts only when the network founded no category in this many values
    /// before it (its learning period's end counts as a founding): a network that keeps founding categories is
    /// still learning the series, not seeing news. 0 counts every novelty.
    /// </summary>
    public int QuietLength { get; init; } = 2000;

    /// <summary>How many networks must have a counted novelty within <see cref="VoteSpan"/> values (one of them at the value itself) for an alarm.</summary>
    public int Votes { get; init; } = 2;

    /// <summary>How many values back a network's counted novelty still votes.</summary>
    public int VoteSpan { get; init; } = 200;

    /// <summary>The vigilance of network <paramref name="index"/>.</summary>
    public double VigilanceOf(int index) => Network.Vigilance + (VigilanceStep * (index - ((Networks - 1) / 2.0)));

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Network, nameof(Network));
        Network.Validate();
        Require(Networks is >= 1 and <= 64, nameof(Networks), Networks, "from 1 to 64");
        Require(VigilanceStep >= 0.0 && double.IsFinite(VigilanceStep), nameof(VigilanceStep), VigilanceStep, "a finite number, 0 or more");
        Require(VigilanceOf(0) > 0.0 && VigilanceOf(Networks - 1) <= 1.0, nameof(VigilanceStep), VigilanceStep, $"such that every network's vigilance ({VigilanceOf(0)} to {VigilanceOf(Networks - 1)}) is above 0 and at most 1");
        Require(QuietLength >= 0, nameof(QuietLength), QuietLength, "0 or more");
        Require(Votes >= 1 && Votes <= Networks, nameof(Votes), Votes, $"from 1 to {nameof(Networks)} ({Networks})");
        Require(VoteSpan >= 0, nameof(VoteSpan), VoteSpan, "0 or more");
    }

    private static void Require(bool ok, string name, object value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentException($"{name} must be {rule}, not {value}.");
        }
    }
}
