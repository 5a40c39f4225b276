namespace Correlator.Incidents;

/// <summary>When a recurring signature becomes a problem suggestion.</summary>
public sealed class ProblemMiningOptions
{
    /// <summary>Occurrences of one signature within <see cref="Window"/> that make a suggestion (k).</summary>
    public int MinOccurrences { get; set; } = 3;

    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Signature fields, in order: any of component, pattern, category, subcategory, symptom, location, group, title (empty: component, pattern).</summary>
    public List<string> Signature { get; set; } = [];

    /// <summary>The signature fields in use.</summary>
    public IReadOnlyList<string> SignatureFields => Signature.Count == 0 ? ["component", "pattern"] : Signature;

    /// <summary>Minimum Jaccard similarity of title words for two incidents to share a signature (0 = titles ignored).</summary>
    public double TitleSimilarity { get; set; }

    /// <summary>Also propose a signature that recurs at the same hour of the week at least k times (seasonal repeats).</summary>
    public bool Seasonal { get; set; } = true;

    /// <summary>
    /// Episodes: a suggestion collects later incidents only while they come within <see cref="Window"/> of its last
    /// one; after a quiet window the signature counts afresh and a new burst is a new suggestion. Off: a suggestion
    /// collects its signature for ever.
    /// </summary>
    public bool Episodes { get; set; }

    /// <summary>
    /// More signatures to watch beside <see cref="Signature"/>, each with its own k and window (the main signature's
    /// title similarity and seasonal repeats apply to the main signature only). Empty: the main signature alone.
    /// </summary>
    public List<ProblemMinerRule> AlsoSignatures { get; set; } = [];

    /// <summary>
    /// Largest suggestion: a suggestion still awaiting its decision that holds this many incidents takes no more; the
    /// signature's next incidents count afresh and, at k within the window, make a new suggestion (a part, signature
    /// <c>KEY|since=TIME</c>). A problem manager can judge a recurring pattern of tens of incidents, not a busy
    /// queue's whole day. An accepted problem keeps collecting its incidents. 0 (the default): no cap. Every cap
    /// measured on the UCI log cost recall (docs/benchmarks.md), and the periodic sync re-mines a sliding lookback, so
    /// part boundaries (and their keys) can move between runs; hence off unless configured.
    /// </summary>
    public int MaxIncidents { get; set; }

    /// <summary>
    /// Longest span of a suggestion awaiting its decision, from its first incident: a later incident of the signature
    /// counts towards a new part instead (see <see cref="MaxIncidents"/>). Zero: no bound.
    /// </summary>
    public TimeSpan MaxSpan { get; set; }

    /// <summary>Most signatures remembered at once; the least recently seen is forgotten beyond it.</summary>
    public int MaxSignatures { get; set; } = 100_000;
}
