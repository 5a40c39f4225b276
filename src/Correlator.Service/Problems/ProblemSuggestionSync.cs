using System.Globalization;
using Correlator.Domain;
using Correlator.Incidents;
using Correlator.Storage;

namespace Correlator.Service.Problems;

/// <summary>What one mining run changed.</summary>
public sealed record ProblemSyncResult(int Incidents, int Proposed, int Updated, int Reproposed);

/// <summary>
/// One mining run: reads the incident history from the store, runs <see cref="ProblemMiner"/> over it in time
/// order, and brings the stored suggestions up to date — a new signature is proposed; a proposed or accepted one
/// gathers its new incidents; a rejected one stays rejected unless it changed (see
/// <see cref="ProblemSuggestionOptions.RejectedChangeFactor"/>), in which case a new suggestion is added.
/// </summary>
public sealed class ProblemSuggestionSync(SqliteStore store, ProblemMiningOptions mining, ProblemSuggestionOptions options, TimeProvider clock) : IDisposable
{
    // One run at a time: the periodic service and an on-demand run must not both add the same signature.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ProblemMiningOptions Mining => mining;

    public void Dispose() => _gate.Dispose();

    public async Task<ProblemSyncResult> RunAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            var history = await store.ListIncidentHistoryAsync(now - options.Lookback, options.MaxIncidents, cancellationToken).ConfigureAwait(false);
            var byId = history.ToDictionary(h => h.Id);
            var miner = new ProblemMiner(mining, []);
            foreach (var row in history)
            {
                miner.Observe(ToHistoric(row));
            }

            var stored = await store.ListProblemSuggestionsAsync(null, cancellationToken).ConfigureAwait(false);
            var current = stored.GroupBy(s => s.Signature, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.MaxBy(s => s.Id)!, StringComparer.Ordinal);
            int proposed = 0, updated = 0, reproposed = 0;
            foreach (var group in miner.Problems.GroupBy(p => p.Signature, StringComparer.Ordinal).OrderBy(g => g.Min(p => p.Id)))
            {
                var ids = group.SelectMany(p => p.IncidentIds).Where(byId.ContainsKey).Distinct().Order().ToList();
                if (ids.Count == 0)
                {
                    continue;
                }

                var mined = Evidence(group.Key, ids, byId, now);
                if (!current.TryGetValue(group.Key, out var known))
                {
                    await store.AddProblemSuggestionAsync(mined, cancellationToken).ConfigureAwait(false);
                    proposed++;
                }
                else if (known.Status != ProblemSuggestionStatus.Rejected)
                {
                    updated += await MergeAsync(known, mined, ids, byId, now, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                }
                else if (Changed(known, ids, byId) is { } after)
                {
                    var again = Evidence(group.Key, after, byId, now);
                    await store.AddProblemSuggestionAsync(again with
                    {
                        Description = string.Create(CultureInfo.InvariantCulture,
                            $"Proposed again: it was rejected ({known.Reason}) at {known.Frequency} incidents within {Window}, and has since reached {again.Frequency}. {again.Description}"),
                    }, cancellationToken).ConfigureAwait(false);
                    reproposed++;
                }
            }

            return new ProblemSyncResult(history.Count, proposed, updated, reproposed);
        }
        finally
        {
            _gate.Release();
        }
    }

    private string Window => mining.Window.TotalHours >= 48
        ? string.Create(CultureInfo.InvariantCulture, $"{mining.Window.TotalDays:0.#} days")
        : string.Create(CultureInfo.InvariantCulture, $"{mining.Window.TotalHours:0.#} h");

    /// <summary>
    /// The definition of "changed" for a rejected pattern: its new incidents — not in the rejected evidence and
    /// opened after its last one (event time, so a replayed history behaves like a live one) — reach, within one
    /// mining window, at least <c>max(k, ceil(factor × frequency when rejected))</c>: the pattern recurs clearly
    /// more often than when it was judged. Returns those incidents, or null. (A pattern whose fields differ has
    /// another signature and is a new suggestion anyway.)
    /// </summary>
    private List<long>? Changed(ProblemSuggestion rejected, List<long> ids, Dictionary<long, IncidentHistoryRow> byId)
    {
        var after = ids.Where(id => !rejected.IncidentIds.Contains(id) && byId[id].OpenedAt > rejected.LastSeenAt).ToList();
        var needed = Math.Max(mining.MinOccurrences, (int)Math.Ceiling(options.RejectedChangeFactor * rejected.Frequency));
        return ProblemMiner.PeakCount(after.Select(id => byId[id].OpenedAt), mining.Window) >= needed ? after : null;
    }

    private async Task<bool> MergeAsync(ProblemSuggestion known, ProblemSuggestion mined, List<long> ids, Dictionary<long, IncidentHistoryRow> byId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var added = ids.Where(id => !known.IncidentIds.Contains(id)).ToList();
        if (added.Count == 0)
        {
            return false;
        }

        var all = known.IncidentIds.AddRange(added).Sort();
        var merged = known with
        {
            IncidentIds = all,
            Frequency = Math.Max(known.Frequency, mined.Frequency),
            TotalDowntime = known.TotalDowntime + added.Aggregate(TimeSpan.Zero, (sum, id) => sum + Downtime(byId[id], now)),
            FirstSeenAt = known.FirstSeenAt < mined.FirstSeenAt ? known.FirstSeenAt : mined.FirstSeenAt,
            LastSeenAt = known.LastSeenAt > mined.LastSeenAt ? known.LastSeenAt : mined.LastSeenAt,
            UpdatedAt = now,
        };
        merged = merged with { Description = Describe(merged) };
        return await store.UpdateProblemEvidenceAsync(merged, cancellationToken).ConfigureAwait(false);
    }

    private ProblemSuggestion Evidence(string signature, List<long> ids, Dictionary<long, IncidentHistoryRow> byId, DateTimeOffset now)
    {
        var rows = ids.Select(id => byId[id]).ToList();
        var suggestion = new ProblemSuggestion
        {
            Signature = signature,
            Description = "",
            Status = ProblemSuggestionStatus.Proposed,
            Service = rows.Where(r => r.Service is not null).GroupBy(r => r.Service).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault()?.Key,
            IncidentIds = [.. ids],
            Frequency = ProblemMiner.PeakCount(rows.Select(r => r.OpenedAt), mining.Window),
            TotalDowntime = rows.Aggregate(TimeSpan.Zero, (sum, r) => sum + Downtime(r, now)),
            FirstSeenAt = rows.Min(r => r.OpenedAt),
            LastSeenAt = rows.Max(r => r.OpenedAt),
            ProposedAt = now,
            UpdatedAt = now,
        };
        return suggestion with { Description = Describe(suggestion) };
    }

    private string Describe(ProblemSuggestion s)
    {
        var fields = s.Signature.Replace("|", ", ", StringComparison.Ordinal);
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.IncidentIds.Count} incidents with {fields} between {s.FirstSeenAt:yyyy-MM-dd HH:mm} and {s.LastSeenAt:yyyy-MM-dd HH:mm} UTC; up to {s.Frequency} within {Window}; total downtime {s.TotalDowntime.TotalHours:0.#} h.");
    }

    private static TimeSpan Downtime(IncidentHistoryRow row, DateTimeOffset now)
    {
        var end = row.ResolvedAt ?? now;
        return end > row.OpenedAt ? end - row.OpenedAt : TimeSpan.Zero;
    }

    /// <summary>
    /// An incident as the miner sees it: the component is its service (or, without one, its signals' resources),
    /// the pattern the sorted names of its signals.
    /// </summary>
    public static HistoricIncident ToHistoric(IncidentHistoryRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new HistoricIncident(row.Id, row.OpenedAt, row.ResolvedAt, row.Title)
        {
            Component = row.Service ?? (row.Resources.Count > 0 ? string.Join('+', row.Resources) : null),
            Pattern = row.SignalNames.Count > 0 ? string.Join('+', row.SignalNames) : null,
        };
    }
}
