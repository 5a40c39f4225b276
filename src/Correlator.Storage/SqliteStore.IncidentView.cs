using System.Globalization;
using System.Text.Json;
using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>
/// Bounded reads for the incident detail page: the incident with its links and timeline (narrow rows) and
/// aggregates of its signals, a page of its signal states, the states of chosen fingerprints, and a down-sampled
/// density of its signals per name — so a page never materialises every signal of a storm. The signal state of a
/// link is the one <see cref="GetIncidentAsync"/> gives: its episode in this incident, else its latest one.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>
    /// Links resolved one by one (<see cref="ProbedSignals"/>) by a read that goes through at most this many: a probe of
    /// the fingerprint runs costs a seek per run for each link, the bound-rows form (<see cref="LinkedSignals"/>) reads
    /// every link and bound row of the incident whatever the page. At a million signals (8 runs) and 5,000 links, a page
    /// of 50 probed at offset 900 took 40-87 ms of CPU, the bound-rows form 57-144 ms at any offset (docs/benchmarks.md,
    /// a loaded machine); a small incident is fast either way.
    /// </summary>
    internal const int ProbeLinksAtMost = 1_000;

    /// <summary>The signal state of each link (<c>l</c>, <c>s</c>) of incident <c>$id</c>, as in <see cref="GetIncidentAsync"/>.</summary>
    private static readonly string LinkedSignals = LinkedSignalsOf("= $id");

    /// <summary>
    /// The same states as <see cref="LinkedSignals"/>, each link probing the fingerprint runs: for reads that resolve a
    /// few links of an incident (see <see cref="ProbeLinksAtMost"/>).
    /// </summary>
    private static readonly string ProbedSignals = $"""
        incident_links l
        JOIN signals s ON s.rowid = (SELECT x.rowid FROM signals x WHERE {FingerprintRuns.EpisodeOf("x", "l.fingerprint")}
                                     ORDER BY x.incident_id IS $id DESC, x.last_seen_at DESC, x.first_seen_at DESC LIMIT 1)
        WHERE l.incident_id = $id
        """;

    /// <summary>
    /// The signal state of each link (<c>l</c>: incident_id, seq, fingerprint; <c>s</c>) of the incidents that
    /// <paramref name="incidents"/> picks (a condition on an incident id, such as <c>= $id</c>): the episode of its
    /// fingerprint bound to the link's incident, else the fingerprint's latest episode; among several, the latest
    /// last_seen_at, then the latest first_seen_at. The bound episodes come from one range scan of
    /// <c>ix_signals_incident</c>, sorted together with the links by fingerprint, so each link takes the best bound row
    /// of its fingerprint (<c>l.rid</c>) without any lookup; only a link whose fingerprint has no row bound to its
    /// incident probes the fingerprint runs (a seek per run). <c>l</c> comes in link order: its LIMIT keeps SQLite from
    /// dropping that ORDER BY, so a caller ordering by <c>l.incident_id, l.seq</c> sorts these narrow rows, not the
    /// signal rows, and a page skips its offset without reading the skipped signals' columns. (The outer WHERE is only
    /// there for the callers' AND; a condition on <c>l.incident_id</c> there made SQLite sort again.)
    /// </summary>
    internal static string LinkedSignalsOf(string incidents) => $"""
        (SELECT w.incident_id, w.seq, w.fingerprint, w.rid
         FROM (SELECT u.incident_id, u.seq, u.fingerprint,
                      FIRST_VALUE(u.rid) OVER (PARTITION BY u.incident_id, u.fingerprint
                                               ORDER BY u.seq IS NOT NULL, u.last_seen_at DESC, u.first_seen_at DESC) AS rid
               FROM (SELECT k.incident_id, k.seq, k.fingerprint, NULL AS rid, NULL AS last_seen_at, NULL AS first_seen_at
                     FROM incident_links k WHERE k.incident_id {incidents}
                     UNION ALL
                     SELECT y.incident_id, NULL, y.fingerprint, y.rowid, y.last_seen_at, y.first_seen_at
                     FROM signals y WHERE y.incident_id {incidents}) u) w
         WHERE w.seq IS NOT NULL ORDER BY w.incident_id, w.seq LIMIT -1) l
        JOIN signals s ON s.rowid = COALESCE(l.rid, (SELECT x.rowid FROM signals x WHERE {FingerprintRuns.EpisodeOf("x", "l.fingerprint")}
                                                     ORDER BY x.last_seen_at DESC, x.first_seen_at DESC LIMIT 1))
        WHERE l.seq IS NOT NULL
        """;

    /// <summary>The incident row with its links and timeline (external entries merged), or null; within the caller's read transaction.</summary>
    private static async Task<Incident?> ReadIncidentWithLinesAsync(SqliteConnection connection, SqliteTransaction transaction, long id, CancellationToken cancellationToken)
    {
        (string, object)[] parameters = [("$id", id)];
        Incident? incident = null;
        await ReadAsync(connection, transaction, $"SELECT {Sql.IncidentColumns} FROM incidents i WHERE i.id = $id", parameters,
            row => incident = Rows.Incident(row), cancellationToken);
        if (incident is null)
        {
            return null;
        }

        var links = new List<SignalLink>();
        await ReadAsync(connection, transaction, $"SELECT {Sql.LinkColumns} FROM incident_links l WHERE l.incident_id = $id ORDER BY l.seq",
            parameters, row => links.Add(Rows.Link(row).Link), cancellationToken);
        var entries = new List<TimelineEntry>();
        await ReadAsync(connection, transaction, $"SELECT {Sql.EntryColumns} FROM incident_timeline t WHERE t.incident_id = $id ORDER BY t.seq",
            parameters, row => entries.Add(Rows.Entry(row).Entry), cancellationToken);
        await MergeExternalEntriesAsync(connection, transaction, id, entries, cancellationToken);
        return incident with { Links = [.. links], Timeline = [.. entries] };
    }

    /// <summary>
    /// An incident with its links and timeline but none of its signal states: how many there are (one per link
    /// whose fingerprint is stored), how many fire in this incident, and the time span they cover.
    /// </summary>
    public async Task<IncidentOutline?> GetIncidentOutlineAsync(long id, CancellationToken cancellationToken)
    {
        (string, object)[] parameters = [("$id", id)];
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            var incident = await ReadIncidentWithLinesAsync(connection, transaction, id, cancellationToken);
            if (incident is null)
            {
                return null;
            }
            int count = 0, firing = 0;
            DateTimeOffset? firstStart = null, lastEnd = null;
            await ReadAsync(connection, transaction, $"""
                SELECT COUNT(*), COALESCE(SUM(s.incident_id IS $id AND s.status = 'firing'), 0), MIN(s.starts_at), MAX(COALESCE(s.ends_at, s.last_seen_at))
                FROM {LinkedSignals}
                """, parameters, row =>
                {
                    count = row.GetInt32(0);
                    firing = row.GetInt32(1);
                    firstStart = row.IsDBNull(2) ? null : StoredValues.ParseTime(row.GetString(2));
                    lastEnd = row.IsDBNull(3) ? null : StoredValues.ParseTime(row.GetString(3));
                }, cancellationToken);
            return new IncidentOutline(incident, count, firing, firstStart, lastEnd);
        }
        catch (SqliteException ex)
        {
            throw Failure("read an incident outline from", ex);
        }
    }

    /// <summary>The signal states of the incident's links from <paramref name="offset"/> (0-based, link order), at most <paramref name="limit"/> of them.</summary>
    public Task<IReadOnlyList<SignalState>> ListIncidentSignalsAsync(long id, int offset, int limit, CancellationToken cancellationToken) =>
        ListIncidentSignalsAsync(id, offset, limit, probe: (long)offset + limit <= ProbeLinksAtMost, cancellationToken);

    /// <summary>A page of signal states, each link probing the runs (<paramref name="probe"/>) or resolved from the bound rows first.</summary>
    internal async Task<IReadOnlyList<SignalState>> ListIncidentSignalsAsync(long id, int offset, int limit, bool probe, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var signals = new List<SignalState>(Math.Min(limit, 1024));
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, $"SELECT {Sql.SignalColumns} FROM {(probe ? ProbedSignals : LinkedSignals)} ORDER BY l.incident_id, l.seq LIMIT $limit OFFSET $offset",
                [("$id", id), ("$limit", limit), ("$offset", offset)], row => signals.Add(Rows.Signal(row)), cancellationToken);
            return signals;
        }
        catch (SqliteException ex)
        {
            throw Failure("read an incident's signals from", ex);
        }
    }

    /// <summary>The signal state of each of these fingerprints linked to the incident, once each, in link order.</summary>
    public Task<IReadOnlyList<SignalState>> ListIncidentSignalsAsync(long id, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        return ListIncidentSignalsAsync(id, fingerprints, probe: fingerprints.Count <= ProbeLinksAtMost, cancellationToken);
    }

    /// <summary>The states of chosen fingerprints, each link probing the runs (<paramref name="probe"/>) or resolved from the bound rows first.</summary>
    internal async Task<IReadOnlyList<SignalState>> ListIncidentSignalsAsync(long id, IReadOnlyCollection<string> fingerprints, bool probe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        var signals = new List<SignalState>(fingerprints.Count);
        if (fingerprints.Count == 0)
        {
            return signals;
        }

        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            // One row per fingerprint, at its first link (the state is the same whichever link leads to it).
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await ReadAsync(connection, null, $"""
                SELECT {Sql.SignalColumns} FROM {(probe ? ProbedSignals : LinkedSignals)}
                AND l.fingerprint IN (SELECT value FROM json_each($fingerprints))
                ORDER BY l.incident_id, l.seq
                """, [("$id", id), ("$fingerprints", JsonArray(fingerprints.Distinct(StringComparer.Ordinal)))],
                row =>
                {
                    if (seen.Add(row.GetString(0)))
                    {
                        signals.Add(Rows.Signal(row));
                    }
                }, cancellationToken);
            return signals;
        }
        catch (SqliteException ex)
        {
            throw Failure("read an incident's signals from", ex);
        }
    }

    /// <summary>
    /// The incident's signals down-sampled for a chart from <paramref name="from"/> to <paramref name="to"/> cut
    /// into <paramref name="buckets"/> equal buckets: per signal name (the <paramref name="maxGroups"/> largest,
    /// then by name), how many start in each bucket and how many stop in each (a firing signal stops at the
    /// end; a signal never stops before the bucket it starts in). At most maxGroups x buckets x 2 rows are read.
    /// </summary>
    public async Task<SignalDensityRows> GetSignalDensityAsync(long id, DateTimeOffset from, DateTimeOffset to, int buckets, int maxGroups, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroups, 1);
        var span = (to - from).TotalMilliseconds;
        var bucket = span <= 0
            ? "0"
            : "MIN(MAX(CAST((julianday({0}) - julianday($from)) * 86400000.0 / $span * $buckets AS INTEGER), 0), $buckets - 1)";
        var start = string.Format(CultureInfo.InvariantCulture, bucket, "s.starts_at");
        var end = string.Format(CultureInfo.InvariantCulture, bucket, "CASE s.status WHEN 'firing' THEN $to ELSE COALESCE(s.ends_at, s.last_seen_at) END");
        (string, object)[] parameters =
        [
            ("$id", id), ("$from", StoredValues.Time(from)), ("$to", StoredValues.Time(to)), ("$span", span), ("$buckets", buckets), ("$groups", maxGroups),
        ];
        var groups = new List<(string Name, int Count, int Rank)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int total = 0;
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            await ReadAsync(connection, transaction, $"""
                SELECT s.name, COUNT(*) AS n,
                       MAX(CASE s.severity WHEN 'critical' THEN 4 WHEN 'major' THEN 3 WHEN 'minor' THEN 2 WHEN 'warning' THEN 1 ELSE 0 END),
                       SUM(COUNT(*)) OVER ()
                FROM {LinkedSignals} GROUP BY s.name ORDER BY n DESC, s.name LIMIT $groups
                """, parameters, row =>
                {
                    total = row.GetInt32(3);
                    index[row.GetString(0)] = groups.Count;
                    groups.Add((row.GetString(0), row.GetInt32(1), row.GetInt32(2)));
                }, cancellationToken);
            var starts = groups.Select(_ => new int[buckets]).ToArray();
            var ends = groups.Select(_ => new int[buckets]).ToArray();
            var names = JsonArray(groups.Select(g => g.Name));
            await ReadAsync(connection, transaction, $"""
                SELECT name, sb, MAX(sb, eb), COUNT(*) FROM (SELECT s.name AS name, {start} AS sb, {end} AS eb FROM {LinkedSignals}
                AND s.name IN (SELECT value FROM json_each($names)))
                GROUP BY name, sb, MAX(sb, eb)
                """, [.. parameters, ("$names", names)], row =>
                {
                    var g = index[row.GetString(0)];
                    var n = row.GetInt32(3);
                    starts[g][row.GetInt32(1)] += n;
                    ends[g][row.GetInt32(2)] += n;
                }, cancellationToken);
            var result = groups.Select((g, i) => new SignalDensityGroup(g.Name, g.Count, RankName(g.Rank), starts[i], ends[i])).ToList();
            return new SignalDensityRows(result, total - result.Sum(g => g.Count));
        }
        catch (SqliteException ex)
        {
            throw Failure("read an incident's signal density from", ex);
        }
    }

    /// <summary>The span of each of these incidents that exists (for downtime charts), in the order of <paramref name="ids"/>; one narrow row each.</summary>
    public async Task<IReadOnlyList<IncidentSpan>> ListIncidentSpansAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return [];
        }

        var found = new Dictionary<long, IncidentSpan>(ids.Count);
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, """
                SELECT id, title, opened_at, COALESCE(resolved_at, last_signal_at) FROM incidents
                WHERE id IN (SELECT value FROM json_each($ids))
                """, [("$ids", "[" + string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]")],
                row => found[row.GetInt64(0)] = new IncidentSpan(row.GetInt64(0), row.GetString(1), StoredValues.ParseTime(row.GetString(2)), StoredValues.ParseTime(row.GetString(3))),
                cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw Failure("read incident spans from", ex);
        }

        return [.. ids.Where(found.ContainsKey).Select(i => found[i])];
    }

    /// <summary>Strings as a JSON array, for <c>json_each</c>.</summary>
    private static string JsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string RankName(int rank) => rank switch
    {
        4 => "critical",
        3 => "major",
        2 => "minor",
        1 => "warning",
        _ => "info",
    };
}

/// <summary>An incident with its links and timeline; its signal states counted, not read (<see cref="SqliteStore.GetIncidentOutlineAsync"/>).</summary>
/// <param name="SignalCount">Signal states of its links (one per link whose fingerprint is stored).</param>
/// <param name="FiringCount">Of those, the ones attached to this incident and firing.</param>
/// <param name="FirstStart">The earliest start of those signals; null without any.</param>
/// <param name="LastEnd">The latest end (or last-seen time while firing) of those signals; null without any.</param>
public sealed record IncidentOutline(Incident Incident, int SignalCount, int FiringCount, DateTimeOffset? FirstStart, DateTimeOffset? LastEnd);

/// <summary>The signals of one name in a density read: how many, the worst severity, and per bucket how many start and how many stop.</summary>
public sealed record SignalDensityGroup(string Name, int Count, string WorstSeverity, IReadOnlyList<int> Starts, IReadOnlyList<int> Ends);

/// <summary>A density read: the largest groups, and how many signals belong to the groups left out.</summary>
public sealed record SignalDensityRows(IReadOnlyList<SignalDensityGroup> Groups, int Omitted);

/// <summary>An incident's title and how long it was down: from its opening to its resolution, or to its last signal while unresolved.</summary>
public sealed record IncidentSpan(long Id, string Title, DateTimeOffset OpenedAt, DateTimeOffset End)
{
    public TimeSpan Downtime => End > OpenedAt ? End - OpenedAt : TimeSpan.Zero;
}
