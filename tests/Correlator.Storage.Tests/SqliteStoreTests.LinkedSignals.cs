using System.Globalization;
using Correlator.Domain;
using Correlator.Testing;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage.Tests;

/// <summary>
/// The signal state of each link of an incident, read from the rows bound to it first and from the fingerprint runs
/// only for the rest: every read that resolves links (detail, outline, pages, chosen fingerprints, density, clusters)
/// gives what a plain reading of every signal row gives: the episode bound to the link's incident, else the latest
/// one; among several, the latest last_seen_at, then the latest first_seen_at.
/// </summary>
public sealed partial class SqliteStoreTests
{
    private const string Many = "fp-many";
    private const string Tie = "fp-tie";
    private const string Ghost = "fp-ghost";
    private const string Moved = "fp-moved";

    /// <summary>Start times fall in the middle of one-second buckets from T0: bucket n holds second n.</summary>
    private static readonly DateTimeOffset DensityFrom = Some.T0.AddMilliseconds(-500);
    private static readonly DateTimeOffset DensityTo = Some.T0.AddMilliseconds(59_500);

    [Fact]
    public async Task GetIncidentAsync_EpisodesBoundHereElsewhereAndNowhere_MatchesTheReference()
    {
        await BuildLinkedStoreAsync();

        foreach (var id in new long[] { 1, 2, 3, 4 })
        {
            var detail = await Store.GetIncidentAsync(id, Ct);

            Assert.Equal(await ReferenceAsync(id), Keys(detail?.Signals ?? []));
        }
    }

    [Fact]
    public async Task GetIncidentAsync_TiesOnLastSeen_TakeTheLaterEpisode()
    {
        await BuildLinkedStoreAsync();

        var first = await Store.GetIncidentAsync(1, Ct);
        var fourth = await Store.GetIncidentAsync(4, Ct);

        // Incident 1: no episode of Tie bound to it; those bound to 2 and 3 were last seen at 8 (latest of all).
        // Incident 4: two episodes bound to it, both last seen at 7.
        Assert.Equal(Some.At(8), first?.Signals.Single(s => s.Fingerprint == Tie).FirstSeenAt);
        Assert.Equal(Some.At(7), fourth?.Signals.Single(s => s.Fingerprint == Tie).FirstSeenAt);
    }

    [Fact]
    public async Task GetIncidentOutlineAsync_LinkedEpisodes_CountsWhatTheReferenceResolves()
    {
        await BuildLinkedStoreAsync();

        foreach (var id in new long[] { 1, 2, 3, 4 })
        {
            var outline = await Store.GetIncidentOutlineAsync(id, Ct);
            var expected = await ReferenceRowsAsync(id);

            Assert.NotNull(outline);
            Assert.Equal(expected.Count, outline.SignalCount);
            Assert.Equal(expected.Count(r => r.IncidentId == id && r.Status == "firing"), outline.FiringCount);
            Assert.Equal(expected.Min(r => r.StartsAt), outline.FirstStart);
            Assert.Equal(expected.Max(r => r.End), outline.LastEnd);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListIncidentSignalsAsync_PagesProbedOrFromBoundRows_MatchTheReference(bool probe)
    {
        await BuildLinkedStoreAsync();

        foreach (var id in new long[] { 1, 2, 3, 4 })
        {
            var all = await ReferenceAsync(id);
            foreach (var (offset, limit) in new[] { (0, 50), (0, 1), (1, 2), (2, 3), (3, 50), (10, 5) })
            {
                var page = await Store.ListIncidentSignalsAsync(id, offset, limit, probe, Ct);

                Assert.Equal(all.Skip(offset).Take(limit), Keys(page));
            }
        }

        // The public read chooses the form itself.
        Assert.Equal(await ReferenceAsync(1), Keys(await Store.ListIncidentSignalsAsync(1, 0, 50, Ct)));
        Assert.Equal((await ReferenceAsync(1)).Skip(1), Keys(await Store.ListIncidentSignalsAsync(1, 1, SqliteStore.ProbeLinksAtMost, Ct)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ListIncidentSignalsAsync_ChosenFingerprintsProbedOrFromBoundRows_MatchTheReference(bool probe)
    {
        await BuildLinkedStoreAsync();
        string[] chosen = [Moved, Ghost, Many, Tie, "fp-unlinked"];

        foreach (var id in new long[] { 1, 2, 3, 4 })
        {
            var signals = await Store.ListIncidentSignalsAsync(id, chosen, probe, Ct);

            Assert.Equal((await ReferenceAsync(id)).Where(k => chosen.Contains(k.Split('|')[0])), Keys(signals));
        }

        Assert.Equal((await ReferenceAsync(2)).Where(k => k.StartsWith(Many, StringComparison.Ordinal)), Keys(await Store.ListIncidentSignalsAsync(2, [Many], Ct)));
    }

    [Fact]
    public async Task GetSignalDensityAsync_EpisodesNamedApart_CountsTheEpisodesTheReferenceResolves()
    {
        await BuildLinkedStoreAsync();

        foreach (var (id, groups) in new[] { (1L, 10), (1L, 2), (2L, 10), (3L, 10), (4L, 10), (4L, 1) })
        {
            var density = await Store.GetSignalDensityAsync(id, DensityFrom, DensityTo, 60, groups, Ct);
            var expected = (await ReferenceRowsAsync(id)).GroupBy(r => r.Name)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();

            Assert.Equal(expected.Take(groups).Select(g => $"{g.Key}:{g.Count()}:{Buckets(g, r => r.StartsAt)}:{Buckets(g, r => r.Stop)}"),
                density.Groups.Select(g => $"{g.Name}:{g.Count}:{string.Join(',', g.Starts)}:{string.Join(',', g.Ends)}"));
            Assert.Equal(expected.Skip(groups).Sum(g => g.Count()), density.Omitted);
        }
    }

    [Fact]
    public async Task ListIncidentClustersAsync_LinkedEpisodes_MatchTheReferenceForEachIncident()
    {
        await BuildLinkedStoreAsync();

        var clusters = await Store.ListIncidentClustersAsync(Some.At(-60), Some.At(60), limit: null, Ct);
        var newest = await Store.ListIncidentClustersAsync(Some.At(-60), Some.At(60), limit: 2, Ct);

        Assert.Equal([1L, 2, 3, 4], clusters.Select(c => c.Incident.Id));
        foreach (var cluster in clusters)
        {
            Assert.Equal(await ReferenceAsync(cluster.Incident.Id), Keys(cluster.Signals));
        }

        Assert.Equal([3L, 4], newest.Select(c => c.Incident.Id));
        Assert.Equal(await ReferenceAsync(4), Keys(newest[1].Signals));
    }

    [Fact]
    public async Task LinkedSignalsOf_QueryPlan_ScansTheBoundRowsOnceAndSortsNoSignalRows()
    {
        await BuildLinkedStoreAsync();
        var plan = new List<(long Parent, string Detail)>();
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN SELECT {Sql.SignalColumns} FROM {SqliteStore.LinkedSignalsOf("= 1")} ORDER BY l.incident_id, l.seq";
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add((reader.GetInt64(1), reader.GetString(3)));
            }
        }

        // One range scan of the incident's rows, no index built for the statement, and the signal rows read in link order.
        var text = string.Join(Environment.NewLine, plan.Select(p => $"{p.Parent} {p.Detail}"));
        Assert.Single(plan, p => p.Detail.Contains("USING INDEX ix_signals_incident (incident_id=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Detail.Contains("AUTOMATIC", StringComparison.Ordinal));
        Assert.False(plan.Exists(p => p.Parent == 0 && p.Detail.StartsWith("USE TEMP B-TREE", StringComparison.Ordinal)), text);
    }

    /// <summary>
    /// Four incidents whose links meet every case: several episodes of one fingerprint (bound here, to another incident,
    /// to none), ties on last_seen_at, a linked fingerprint with no stored signal, a signal rebound to another incident,
    /// and episodes both in a merged run and in the level-0 run (checked here, so a change of layout fails the tests).
    /// Each episode has a name of its own, so the density read tells which one a link resolved to.
    /// </summary>
    private async Task BuildLinkedStoreAsync()
    {
        await OpenAsync();
        var plain = Enumerable.Range(1, 4).Select(i => Episode($"plain-{i}", i, fingerprint: $"fp-plain-{i}")).ToArray();
        var one = Open(1, plain[0]).Attach(Episode("m", 0), "r", Some.At(1)).Attach(Episode("t", 0, Tie), "r", Some.At(1))
            .Attach(Episode("g", 0, Ghost), "r", Some.At(1)).Attach(Episode("v", 0, Moved), "r", Some.At(1));
        var two = Open(2, plain[1], at: 1).Attach(Episode("v", 0, Moved), "r", Some.At(2)).Attach(Episode("g", 0, Ghost), "r", Some.At(2))
            .Attach(Episode("m", 0), "r", Some.At(2)).Attach(Episode("t", 0, Tie), "r", Some.At(2));
        var three = Open(3, plain[2], at: 2).Attach(Episode("m", 0), "r", Some.At(3));
        var four = Open(4, plain[3], at: 3).Attach(Episode("t", 0, Tie), "r", Some.At(4)).Attach(Episode("m", 0), "r", Some.At(4));

        // Phase A, to be merged: Many bound to 1 and to 2, Tie to 2 and to 4, Moved to 1 (rebound to 2 below).
        await CommitAsync(Changes([one, two, three, four],
            State(plain[0], 1, firstSeen: 1), State(Some.Resolved(plain[1], 9), 2, firstSeen: 2, lastSeen: 9),
            State(plain[2], 3, firstSeen: 3), State(plain[3], 4, firstSeen: 4),
            State(Episode("m1", 0), 1, firstSeen: 0, lastSeen: 5), State(Some.Resolved(Episode("m2", 10), 20), 2, firstSeen: 10, lastSeen: 20),
            State(Episode("t1", 1, Tie), 2, firstSeen: 1, lastSeen: 8), State(Episode("t3", 2, Tie), 4, firstSeen: 2, lastSeen: 7),
            State(Episode("v1", 5, Moved), 1, firstSeen: 5, lastSeen: 6)));
        await PushIntoMergedRunsAsync();

        // Phase B, in the level-0 run: later episodes, ties, an unbound latest episode, and Moved rebound to incident 2.
        var moved = State(Episode("v1", 5, Moved), 1, firstSeen: 5, lastSeen: 6);
        var later = Changes([],
            State(Episode("m3", 30), null, firstSeen: 30, lastSeen: 40), State(Episode("m4", 25), 1, firstSeen: 25, lastSeen: 26),
            State(Episode("t2", 8, Tie), 3, firstSeen: 8, lastSeen: 8), State(Episode("t4", 7, Tie), 4, firstSeen: 7, lastSeen: 7));
        later.Put(State(Episode("v1", 5, Moved), 2, firstSeen: 5, lastSeen: 7), moved);
        await CommitAsync(later);

        Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM signal_relinks WHERE fingerprint = '{Moved}' AND incident_id = 1"));
        Assert.True(await ScalarAsync($"SELECT MIN(run >> {FingerprintRuns.LevelShift}) FROM signal_fingerprints WHERE fingerprint = '{Many}' AND first_seen_at = '{StoredValues.Time(Some.At(10))}'") >= 1);
        Assert.Equal(0, await ScalarAsync($"SELECT MAX(run >> {FingerprintRuns.LevelShift}) FROM signal_fingerprints WHERE fingerprint = '{Many}' AND first_seen_at = '{StoredValues.Time(Some.At(30))}'"));
    }

    /// <summary>A signal named for its episode, starting at <paramref name="at"/> seconds, of the fingerprint given.</summary>
    private static Signal Episode(string name, int at, string fingerprint = Many) =>
        Some.Alert(name: name, at: at, fingerprint: fingerprint, service: "svc-" + fingerprint);

    /// <summary>
    /// Closes the store, adds four blocks of unrelated rows (filed in the level-0 runs of their blocks, as a commit
    /// files them) and opens it again, which merges the sealed blocks: the rows written so far end in a run of level 1.
    /// </summary>
    private async Task PushIntoMergedRunsAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        await using (var connection = RawConnection())
        {
            await connection.OpenAsync(Ct);
            using var transaction = connection.BeginTransaction();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO signals (fingerprint, first_seen_at, source, name, kind, status, severity, event_time, starts_at, labels, annotations, last_seen_at, occurrences)
                VALUES ($fp, $at, 'raw', 'Raw', 'alert', 'firing', 'warning', $at, $at, '{}', '{}', $at, 1)
                """;
            var fingerprint = command.Parameters.Add("$fp", SqliteType.Text);
            var at = command.Parameters.Add("$at", SqliteType.Text);
            for (long n = 1; n <= 4 * FingerprintRuns.TailRows; n++)
            {
                fingerprint.Value = RawFingerprint(n);
                at.Value = StoredValues.Time(Some.At(-100).AddMilliseconds(n));
                await command.ExecuteNonQueryAsync(Ct);
            }

            command.Parameters.Clear();
            command.CommandText = $"INSERT OR IGNORE INTO signal_fingerprints (run, fingerprint, first_seen_at) SELECT rowid >> {FingerprintRuns.TailBits}, fingerprint, first_seen_at FROM signals";
            await command.ExecuteNonQueryAsync(Ct);
            transaction.Commit();
        }

        await OpenAsync();
        Assert.Contains(FingerprintRuns.RunId(1, 0), await RunsAsync());
    }

    /// <summary>The reference keys (fingerprint|first seen|incident) of an incident's linked signal states, in link order.</summary>
    private async Task<List<string>> ReferenceAsync(long id) => [.. (await ReferenceRowsAsync(id)).Select(r => r.Key)];

    /// <summary>
    /// The reference: every link of the incident in order, resolved by reading every signal row of its fingerprint
    /// (no runs, no index): the episodes bound to the incident first, then by last_seen_at, then by first_seen_at, latest first.
    /// </summary>
    private async Task<List<ReferenceRow>> ReferenceRowsAsync(long id)
    {
        var links = new List<string>();
        var rows = new List<ReferenceRow>();
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT fingerprint FROM incident_links WHERE incident_id = {id} ORDER BY seq";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                links.Add(reader.GetString(0));
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT fingerprint, first_seen_at, last_seen_at, incident_id, name, status, starts_at, ends_at FROM signals";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                rows.Add(new ReferenceRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    reader.GetString(4), reader.GetString(5), StoredValues.ParseTime(reader.GetString(6)), reader.IsDBNull(7) ? null : StoredValues.ParseTime(reader.GetString(7))));
            }
        }

        return [.. links.Select(fp => rows.Where(r => r.Fingerprint == fp)
                .OrderByDescending(r => r.IncidentId == id).ThenByDescending(r => r.LastSeen, StringComparer.Ordinal).ThenByDescending(r => r.FirstSeen, StringComparer.Ordinal)
                .FirstOrDefault())
            .OfType<ReferenceRow>()];
    }

    private static List<string> Keys(IEnumerable<SignalState> signals) =>
        [.. signals.Select(s => $"{s.Fingerprint}|{StoredValues.Time(s.FirstSeenAt)}|{s.IncidentId?.ToString(CultureInfo.InvariantCulture) ?? "-"}")];

    /// <summary>Per one-second bucket from T0 (the density read's buckets here), how many of the rows fall in it.</summary>
    private static string Buckets(IEnumerable<ReferenceRow> rows, Func<ReferenceRow, DateTimeOffset> time)
    {
        var counts = new int[60];
        foreach (var row in rows)
        {
            counts[Math.Clamp((int)Math.Floor((time(row) - DensityFrom).TotalSeconds), 0, 59)]++;
        }

        return string.Join(',', counts);
    }

    private sealed record ReferenceRow(string Fingerprint, string FirstSeen, string LastSeen, long? IncidentId, string Name, string Status, DateTimeOffset StartsAt, DateTimeOffset? EndsAt)
    {
        public string Key => $"{Fingerprint}|{FirstSeen}|{IncidentId?.ToString(CultureInfo.InvariantCulture) ?? "-"}";

        /// <summary>The end the outline reports: the end, else the last sighting.</summary>
        public DateTimeOffset End => EndsAt ?? StoredValues.ParseTime(LastSeen);

        /// <summary>Where the density read counts the signal stopping: at the end of the chart while firing, never before its start.</summary>
        public DateTimeOffset Stop => Status == "firing" ? DensityTo : Max(StartsAt, End);

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    }
}
