namespace Correlator.Incidents;

/// <summary>
/// The status summary of a major incident for top management, in plain language: each part one or two sentences
/// (what is affected, since when, impact, current status, decisions taken, next update, who is mobilised), and
/// <see cref="Text"/> the whole as one paragraph to paste into a mail or read out.
/// </summary>
public sealed record StatusSummary(
    long IncidentId,
    DateTimeOffset GeneratedAt,
    string Headline,
    string Affected,
    string Since,
    string Impact,
    string Status,
    IReadOnlyList<string> Decisions,
    string NextUpdate,
    string Mobilised)
{
    public string Text => string.Join(' ', new[] { Headline, Affected, Since, Impact, Status }
        .Concat(Decisions.Count == 0 ? ["No decision recorded yet."] : ["Decisions: " + string.Join("; ", Decisions) + "."])
        .Append(NextUpdate).Append(Mobilised));
}
