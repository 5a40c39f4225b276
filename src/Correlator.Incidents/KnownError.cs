namespace Correlator.Incidents;

/// <summary>
/// One entry of the known-error library (<c>IncidentManagement:KnownErrors</c>): the signature an incident must show
/// (labels on one of its signals, service, category — each optional, at least one), the workaround, who owns it and
/// when it must be reviewed next (yyyy-MM-dd; past that date it is flagged as overdue).
/// </summary>
public sealed class KnownError
{
    public string Id { get; set; } = "";

    /// <summary>Labels one signal must carry ("*" = any value, "x*" = prefix).</summary>
    public Dictionary<string, string> Match { get; set; } = new(StringComparer.Ordinal);

    public string? Service { get; set; }

    public string? Category { get; set; }

    public string Workaround { get; set; } = "";

    public string Owner { get; set; } = "";

    public string ReviewBy { get; set; } = "";
}
