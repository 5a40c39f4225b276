using System.Collections.Immutable;
using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>
/// Mines the incident history for recurring signatures: when one signature (the configured fields, optionally
/// with similar titles) occurs <c>MinOccurrences</c> times within <c>Window</c>, it proposes a problem with those
/// incidents; later incidents of the signature join the open suggestion, up to <c>MaxIncidents</c> and
/// <c>MaxSpan</c>, past which they count towards a new part of it. With <c>Seasonal</c>, a signature
/// that recurs at the same hour of the week in k different weeks is proposed as a seasonal repeat. A rejected
/// signature is remembered and not proposed again; a changed pattern has another signature and is proposed anew.
/// </summary>
public sealed partial class ProblemMiner
{
    private readonly ProblemMiningOptions _options;
    private readonly Dictionary<string, Recent> _recent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Problem> _bySignature = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Problem> _byId = [];
    private readonly Dictionary<string, string> _baseKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Key, HashSet<string> Words)>> _titleClusters = new(StringComparer.Ordinal);
    private long _lastId;

    public ProblemMiner(ProblemMiningOptions options, IEnumerable<Problem> known)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(known);
        if (ProblemMinerRule.Check(options.AlsoSignatures, nameof(options.AlsoSignatures)) is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        foreach (var problem in known)
        {
            Remember(problem);
            _lastId = Math.Max(_lastId, problem.Id);
        }
    }

    public IReadOnlyCollection<Problem> Problems => _byId.Values;

    public Problem? Get(long id) => _byId.GetValueOrDefault(id);

    /// <summary>Takes in one incident, in time order; returns the problems it created or changed.</summary>
    public IReadOnlyList<Problem> Observe(HistoricIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var changed = new List<Problem>();
        if (IncidentSignature.Of(incident, _options.SignatureFields) is not { } key)
        {
            ObserveRules(incident, changed);
            Trim(incident.OpenedAt);
            return changed;
        }

        key = WithTitle(key, incident);
        if (Observe(key, incident, _options.Window, _options.MinOccurrences, null) is { } problem)
        {
            changed.Add(problem);
        }

        ObserveRules(incident, changed);

        if (_options.Seasonal)
        {
            var local = incident.OpenedAt.UtcDateTime;
            var seasonalKey = string.Create(CultureInfo.InvariantCulture, $"{key}|weekly={local.DayOfWeek} {local.Hour:00}h");
            var window = TimeSpan.FromDays(7 * _options.MinOccurrences) + TimeSpan.FromHours(1);
            if (Observe(seasonalKey, incident, window, _options.MinOccurrences, $"recurs weekly on {local.DayOfWeek} around {local.Hour:00}:00 UTC") is { } seasonal)
            {
                changed.Add(seasonal);
            }
        }

        Trim(incident.OpenedAt);
        return changed;
    }

    private Problem? Observe(string key, HistoricIncident incident, TimeSpan window, int k, string? seasonal) =>
        Observe(key, incident, window, k, seasonal, (_options.MaxIncidents, _options.MaxSpan));

    private Problem? Observe(string key, HistoricIncident incident, TimeSpan window, int k, string? seasonal, (int MaxIncidents, TimeSpan MaxSpan) limits)
    {
        var downtime = incident.ResolvedAt is { } resolved && resolved > incident.OpenedAt ? resolved - incident.OpenedAt : TimeSpan.Zero;
        bool live = _bySignature.TryGetValue(key, out var existing)
            && (existing.State == ProblemState.Rejected || !_options.Episodes || incident.OpenedAt - existing.LastSeenAt <= window);
        if (live)
        {
            if (existing!.State == ProblemState.Rejected || existing.IncidentIds.Contains(incident.Id))
            {
                return null;
            }

            if (!Full(existing, incident.OpenedAt, limits))
            {
                var joined = existing with
                {
                    IncidentIds = existing.IncidentIds.Add(incident.Id),
                    LastSeenAt = incident.OpenedAt,
                    TotalDowntime = existing.TotalDowntime + downtime,
                };
                Remember(joined);
                return joined;
            }
        }

        if (!_recent.TryGetValue(key, out var recent))
        {
            recent = new Recent();
            _recent[key] = recent;
        }

        recent.Add(incident, downtime, window, seasonal is not null);
        if (recent.Count < k)
        {
            return null;
        }

        // The signature's suggestion is still open but full: this is a new part of the same pattern, with its own key
        // so that it is judged (and stored) on its own.
        var signature = live ? string.Create(CultureInfo.InvariantCulture, $"{key}|since={recent.First:yyyy-MM-ddTHH:mm:ssZ}") : key;
        if (live)
        {
            _baseKey[signature] = key;
        }

        var problem = new Problem
        {
            Id = ++_lastId,
            Signature = signature,
            Description = Describe(key, recent, seasonal),
            IncidentIds = [.. recent.Ids],
            FirstSeenAt = recent.First,
            LastSeenAt = incident.OpenedAt,
            ProposedAt = incident.OpenedAt,
            TotalDowntime = recent.Downtime,
        };
        _recent.Remove(key);
        Remember(problem);
        return problem;
    }

    /// <summary>A suggestion awaiting its decision takes no more incidents past the size cap or the span bound; an accepted one always does.</summary>
    private static bool Full(Problem existing, DateTimeOffset at, (int MaxIncidents, TimeSpan MaxSpan) limits) =>
        existing.State == ProblemState.Suggested
        && ((limits.MaxIncidents > 0 && existing.IncidentIds.Count >= limits.MaxIncidents)
            || (limits.MaxSpan > TimeSpan.Zero && at - existing.FirstSeenAt > limits.MaxSpan));

    private string WithTitle(string key, HistoricIncident incident)
    {
        if (_options.TitleSimilarity <= 0)
        {
            return key;
        }

        var words = IncidentSignature.Words(incident.Title);
        if (!_titleClusters.TryGetValue(key, out var clusters))
        {
            clusters = [];
            _titleClusters[key] = clusters;
        }

        foreach (var (clusterKey, clusterWords) in clusters)
        {
            int common = words.Count(clusterWords.Contains);
            int union = words.Count + clusterWords.Count - common;
            if (union == 0 || common / (double)union >= _options.TitleSimilarity)
            {
                return clusterKey;
            }
        }

        var created = $"{key}|title~{incident.Title}";
        clusters.Add((created, words));
        return created;
    }

    private static string Describe(string key, Recent recent, string? seasonal) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{recent.Count} incidents with {key.Replace("|", ", ", StringComparison.Ordinal)} between {recent.First:yyyy-MM-dd HH:mm} and {recent.Last:yyyy-MM-dd HH:mm} UTC{(seasonal is null ? "" : "; " + seasonal)}; total downtime {recent.Downtime.TotalHours:0.#} h");

    private void Remember(Problem problem)
    {
        _byId[problem.Id] = problem;
        // A part of a split suggestion stands for its signature from then on; a decision on an older part does not.
        var key = _baseKey.GetValueOrDefault(problem.Signature, problem.Signature);
        if (!_bySignature.TryGetValue(key, out var current) || current.Id <= problem.Id)
        {
            _bySignature[key] = problem;
        }
    }

    /// <summary>Forgets signatures beyond the limit, the least recently seen first.</summary>
    private void Trim(DateTimeOffset now)
    {
        if (_recent.Count <= _options.MaxSignatures)
        {
            return;
        }

        foreach (var stale in _recent.Where(r => now - r.Value.Last > _options.Window * 8).Select(r => r.Key).ToList())
        {
            _recent.Remove(stale);
        }

        foreach (var oldest in _recent.OrderBy(r => r.Value.Last).Take(_recent.Count - _options.MaxSignatures).Select(r => r.Key).ToList())
        {
            _recent.Remove(oldest);
        }
    }
}
