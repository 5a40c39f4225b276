namespace Correlator.Prediction;

/// <summary>
/// Outcomes of earlier clusters by signature (their first service), each with the moment it became known,
/// so that the features at t count only outcomes known at t.
/// </summary>
public sealed class ClusterHistory
{
    private readonly Dictionary<string, List<(DateTimeOffset KnownAt, bool Incident)>> _outcomes = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Record(string signature, DateTimeOffset knownAt, bool becameIncident)
    {
        ArgumentException.ThrowIfNullOrEmpty(signature);
        if (!_outcomes.TryGetValue(signature, out var list))
        {
            _outcomes[signature] = list = [];
        }

        list.Add((knownAt, becameIncident));
        Count++;
    }

    /// <summary>How many outcomes of the signature were known at <paramref name="at"/>, and how many of them were incidents.</summary>
    public (int Seen, int Incidents) Lookup(string? signature, DateTimeOffset at)
    {
        if (signature is null || !_outcomes.TryGetValue(signature, out var list))
        {
            return (0, 0);
        }

        int seen = 0, incidents = 0;
        foreach (var (knownAt, incident) in list)
        {
            if (knownAt <= at)
            {
                seen++;
                incidents += incident ? 1 : 0;
            }
        }

        return (seen, incidents);
    }
}
