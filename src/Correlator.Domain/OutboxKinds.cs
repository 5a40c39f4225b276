namespace Correlator.Domain;

/// <summary>The effect kinds this project derives or accepts; other producers may add their own names.</summary>
public static class OutboxKinds
{
    /// <summary>An incident was opened: create its ticket (payload <see cref="IncidentEffect"/>).</summary>
    public const string IncidentOpened = "incident.opened";

    /// <summary>Signals were attached: add them to the ticket as a comment.</summary>
    public const string SignalsAttached = "incident.signals";

    /// <summary>The priority changed: update the ticket.</summary>
    public const string PriorityChanged = "incident.priority";

    /// <summary>The state changed to something other than resolved, reopened or closed (acknowledged, on hold, resumed).</summary>
    public const string StateChanged = "incident.state";

    public const string Resolved = "incident.resolved";

    public const string Reopened = "incident.reopened";

    public const string Closed = "incident.closed";

    /// <summary>Create a problem record linked to its incidents (payload <see cref="ProblemEffect"/>).</summary>
    public const string ProblemCreate = "problem.create";

    /// <summary>Incident management changed the incident (classified, assigned, acknowledged, on hold, priority): a note on the ticket.</summary>
    public const string Managed = "incident.managed";

    /// <summary>An escalation or SLA warning to notify: a note on the ticket naming the level and recipient.</summary>
    public const string Escalated = "incident.escalated";

    /// <summary>
    /// The anticipation stage opened the incident as Predicted (issue 10): probability, method and explanation are in
    /// the notes; a later confirm is a <see cref="StateChanged"/> to new, a dismiss a <see cref="Closed"/>.
    /// </summary>
    public const string Predicted = "incident.predicted";

    /// <summary>Every kind of <see cref="IncidentEffects"/>.</summary>
    public static IReadOnlyList<string> IncidentKinds { get; } =
        [IncidentOpened, SignalsAttached, PriorityChanged, StateChanged, Resolved, Reopened, Closed, Predicted];

    /// <summary>The stream of an incident's effects.</summary>
    public static string IncidentStream(long incidentId) => "incident/" + incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The stream of a problem record's effects.</summary>
    public static string ProblemStream(string problemId) => "problem/" + problemId;

    /// <summary>The incident id of an incident stream, or null for any other stream.</summary>
    public static long? IncidentIdOf(string stream) =>
        stream.StartsWith("incident/", StringComparison.Ordinal)
        && long.TryParse(stream.AsSpan(9), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}
