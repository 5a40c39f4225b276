using Correlator.Domain;

namespace Correlator.Storage;

/// <summary>Turns an <see cref="IncidentQuery"/> into a parameterised WHERE clause over <c>incidents i</c>.</summary>
internal static class IncidentFilter
{
    public static (string Where, List<(string Name, object Value)> Parameters) Build(IncidentQuery query)
    {
        var clauses = new List<string>();
        var parameters = new List<(string Name, object Value)>();
        if (query.State is { } state)
        {
            clauses.Add("i.state = $state");
            parameters.Add(("$state", StoredValues.Name(state)));
        }

        if (query.Priority is { } priority)
        {
            clauses.Add("COALESCE((SELECT m.priority FROM incident_management m WHERE m.incident_id = i.id), i.priority) = $priority");
            parameters.Add(("$priority", StoredValues.Name(priority)));
        }

        if (query.Service is { } service)
        {
            clauses.Add("i.service = $service");
            parameters.Add(("$service", service));
        }

        if (query.Group is { } group)
        {
            clauses.Add("EXISTS (SELECT 1 FROM incident_management m WHERE m.incident_id = i.id AND m.assigned_group = $group)");
            parameters.Add(("$group", group));
        }

        if (query.From is { } from)
        {
            clauses.Add("i.opened_at >= $from");
            parameters.Add(("$from", StoredValues.Time(from)));
        }

        if (query.To is { } to)
        {
            clauses.Add("i.opened_at < $to");
            parameters.Add(("$to", StoredValues.Time(to)));
        }

        if (query.Fingerprint is { } fingerprint)
        {
            // IN, not a correlated EXISTS: SQLite walks every incident for EXISTS (probing the index once per
            // incident, twice per request with the count), while IN looks the fingerprint up in its index and reads
            // only the incidents that hold it. The API's "which incident has my alert" poll paid O(incidents) for it.
            // The links are found through the signal rows and their relinks (migration 8), which both start with
            // the fingerprint: incident_links has no fingerprint index (one random B-tree less per new alert).
            clauses.Add($"i.id IN ({Sql.IncidentsOfFingerprint})");
            parameters.Add(("$fingerprint", fingerprint));
        }

        return (clauses.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", clauses), parameters);
    }
}
