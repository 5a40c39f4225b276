namespace Correlator.Storage;

/// <summary>The statements of the store; the column lists fix the ordinals that <see cref="Rows"/> reads.</summary>
internal static class Sql
{
    public const string SignalColumns =
        "s.fingerprint, s.first_seen_at, s.source, s.name, s.kind, s.status, s.severity, s.resource, s.service, s.event_time, "
        + "s.starts_at, s.ends_at, s.labels, s.annotations, s.summary, s.score, s.event_id, s.last_seen_at, s.occurrences, s.incident_id";

    public const string IncidentColumns =
        "i.id, i.group_key, i.title, i.service, i.state, i.impact, i.urgency, i.priority, i.severity, i.opened_at, i.updated_at, "
        + "i.last_signal_at, i.acknowledged_at, i.resolved_at, i.closed_at";

    public const string LinkColumns = "l.incident_id, l.seq, l.fingerprint, l.attached_at, l.rule";

    public const string EntryColumns = "t.incident_id, t.seq, t.at, t.kind, t.text, t.fingerprint";

    public const string WatermarkKey = "watermark";

    public const string LastIncidentIdKey = "last_incident_id";

    public static readonly string[] SignalParameters =
    [
        "$fingerprint", "$first_seen_at", "$source", "$name", "$kind", "$status", "$severity", "$resource", "$service", "$event_time",
        "$starts_at", "$ends_at", "$labels", "$annotations", "$summary", "$score", "$event_id", "$last_seen_at", "$occurrences", "$incident_id",
    ];

    public static readonly string[] IncidentParameters =
    [
        "$id", "$group_key", "$title", "$service", "$state", "$impact", "$urgency", "$priority", "$severity", "$opened_at", "$updated_at",
        "$last_signal_at", "$acknowledged_at", "$resolved_at", "$closed_at",
    ];

    public static readonly string UpsertSignal = Upsert("signals", SignalParameters, "fingerprint, first_seen_at");

    // group_key, title, service and opened_at never change: leaving them out of the update leaves their pages alone.
    public static readonly string UpsertIncident = Upsert("incidents", IncidentParameters, "id", "group_key", "title", "service", "opened_at");

    /// <summary>
    /// A repeat of a stored signal state: the key, source, name, kind, resource, service, status and incident are
    /// unchanged, so they (and the index on incident and status) are left alone; labels and annotations are
    /// bound only when they changed (NULL keeps the stored JSON, which is never NULL).
    /// </summary>
    public const string UpdateRepeatSignal =
        "UPDATE signals SET severity = $severity, event_time = $event_time, starts_at = $starts_at, ends_at = $ends_at, "
        + "labels = coalesce($labels, labels), annotations = coalesce($annotations, annotations), summary = $summary, score = $score, "
        + "event_id = $event_id, last_seen_at = $last_seen_at, occurrences = $occurrences "
        + "WHERE fingerprint = $fingerprint AND first_seen_at = $first_seen_at;";

    /// <summary>The multi-row form of <see cref="UpsertSignal"/>: <see cref="MultiRowInsert"/> puts the rows between head and tail.</summary>
    public static readonly string UpsertSignalHead = $"INSERT INTO signals ({string.Join(", ", SignalParameters.Select(p => p[1..]))}) VALUES";

    public static readonly string UpsertSignalTail = UpsertSignal[UpsertSignal.IndexOf(" ON CONFLICT", StringComparison.Ordinal)..].TrimEnd(';');

    public const string InsertLinkHead = "INSERT INTO incident_links (incident_id, seq, fingerprint, attached_at, rule) VALUES";

    /// <summary>New episodes filed in a fingerprint run (migration 9); a key filed twice in one run is kept once.</summary>
    public const string InsertFingerprintHead = "INSERT OR IGNORE INTO signal_fingerprints (run, fingerprint, first_seen_at) VALUES";

    public const string InsertEntryHead = "INSERT INTO incident_timeline (incident_id, seq, at, kind, text, fingerprint) VALUES";

    /// <summary>
    /// An incident the store already holds: only the columns that change (the upsert's update part), no insert
    /// attempt first. group_key, title, service and opened_at never change.
    /// </summary>
    public const string UpdateIncident =
        "UPDATE incidents SET state = $state, impact = $impact, urgency = $urgency, priority = $priority, severity = $severity, "
        + "updated_at = $updated_at, last_signal_at = $last_signal_at, acknowledged_at = $acknowledged_at, resolved_at = $resolved_at, "
        + "closed_at = $closed_at WHERE id = $id;";

    public const string InsertLink =
        "INSERT INTO incident_links (incident_id, seq, fingerprint, attached_at, rule) VALUES ($incident_id, $seq, $fingerprint, $attached_at, $rule);";

    public const string InsertEntry =
        "INSERT INTO incident_timeline (incident_id, seq, at, kind, text, fingerprint) VALUES ($incident_id, $seq, $at, $kind, $text, $fingerprint);";

    /// <summary>A link that no signal row tells (see migration 8): the fingerprint filter reads it beside the signal rows.</summary>
    public const string InsertRelink =
        "INSERT OR IGNORE INTO signal_relinks (fingerprint, incident_id) VALUES ($fingerprint, $incident_id);";

    /// <summary>The incidents a fingerprint is linked to: those its signal rows name (found through the fingerprint runs, migration 9), and its relinks (migration 8).</summary>
    public static readonly string IncidentsOfFingerprint =
        $"SELECT s.incident_id FROM signals s WHERE {FingerprintRuns.EpisodeOf("s", "$fingerprint")} AND s.incident_id IS NOT NULL "
        + "UNION SELECT r.incident_id FROM signal_relinks r WHERE r.fingerprint = $fingerprint";

    public const string UpsertPosition =
        "INSERT INTO positions (input, position) VALUES ($input, $position) ON CONFLICT (input) DO UPDATE SET position = excluded.position;";

    public const string UpsertMeta =
        "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;";

    /// <summary>An INSERT that overwrites every non-key column when the key exists.</summary>
    private static string Upsert(string table, string[] parameters, string key, params string[] fixedColumns)
    {
        var columns = parameters.Select(p => p[1..]).ToArray();
        var keys = key.Split(", ");
        var updates = columns.Where(c => !keys.Contains(c) && !fixedColumns.Contains(c)).Select(c => $"{c} = excluded.{c}");
        return $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", parameters)}) "
            + $"ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", updates)};";
    }
}
