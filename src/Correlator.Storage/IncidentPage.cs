namespace Correlator.Storage;

/// <summary>One page of the incident list, newest opened first, with the number of incidents matching the filters.</summary>
public sealed class IncidentPage
{
    public IncidentPage(IReadOnlyList<IncidentSummary> items, int total)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items;
        Total = total;
    }

    public IReadOnlyList<IncidentSummary> Items { get; }

    /// <summary>How many incidents match the filters, whatever the page.</summary>
    public int Total { get; }
}
