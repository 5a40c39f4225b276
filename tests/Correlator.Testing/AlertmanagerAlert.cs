namespace Correlator.Testing;

/// <summary>One alert as a client posts it to Alertmanager's <c>POST /api/v2/alerts</c> (OpenAPI v2 <c>postableAlert</c>).</summary>
public sealed record AlertmanagerAlert
{
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>When the alert started; Alertmanager takes the time it received it when this is null.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>A time in the past resolves the alert; null keeps it firing until Alertmanager's resolve timeout.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    public Uri? GeneratorUrl { get; init; }

    // Records compare collections by reference; two alerts are equal when their label and annotation contents are.
    public bool Equals(AlertmanagerAlert? other) =>
        other is not null
        && SameEntries(Labels, other.Labels)
        && SameEntries(Annotations, other.Annotations)
        && StartsAt == other.StartsAt
        && EndsAt == other.EndsAt
        && GeneratorUrl == other.GeneratorUrl;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var key in Labels.Keys.Order(StringComparer.Ordinal))
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(Labels[key], StringComparer.Ordinal);
        }

        hash.Add(StartsAt);
        hash.Add(EndsAt);
        return hash.ToHashCode();
    }

    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count
        && a.All(pair => b.TryGetValue(pair.Key, out var value) && string.Equals(pair.Value, value, StringComparison.Ordinal));
}
