using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>Predictions of the anticipation stage and people's confirm / dismiss feedback on them (issue 10).</summary>
public sealed partial class SqliteStore
{
    /// <summary>The prediction rows of a commit, in its transaction (synchronous: the commit path holds the write lock).</summary>
    private void WritePredictions(SqliteTransaction transaction, IReadOnlyList<PredictionRecord> predictions, CancellationToken cancellationToken)
    {
        if (predictions.Count == 0)
        {
            return;
        }

        using var command = _write.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO incident_predictions (incident_id, at, probability, threshold, method, horizon_minutes, features, explanation)
            VALUES ($id, $at, $p, $t, $m, $h, $f, $e)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        var probability = command.Parameters.Add("$p", SqliteType.Real);
        var threshold = command.Parameters.Add("$t", SqliteType.Real);
        var method = command.Parameters.Add("$m", SqliteType.Text);
        var horizon = command.Parameters.Add("$h", SqliteType.Real);
        var features = command.Parameters.Add("$f", SqliteType.Text);
        var explanation = command.Parameters.Add("$e", SqliteType.Text);
        foreach (var p in predictions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            id.Value = p.IncidentId;
            at.Value = StoredValues.Time(p.At);
            probability.Value = p.Probability;
            threshold.Value = p.Threshold;
            method.Value = p.Method;
            horizon.Value = p.HorizonMinutes;
            features.Value = p.FeaturesJson;
            explanation.Value = p.ExplanationJson;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The clusters of the prediction stage and of training: the incidents opened in [from, to) — the newest
    /// <paramref name="limit"/> of them when a limit is given — oldest opened first (then lowest id), each with its links
    /// and the state of each linked signal as <see cref="GetIncidentAsync"/> gives them, but an empty timeline. Three
    /// statements in one read transaction, however many incidents: no read per incident.
    /// </summary>
    public async Task<IReadOnlyList<IncidentDetail>> ListIncidentClustersAsync(DateTimeOffset from, DateTimeOffset to, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit cannot be negative.");
        }

        const string Chosen = """
            SELECT c.id FROM incidents c WHERE c.opened_at >= $from AND c.opened_at < $to
            ORDER BY c.opened_at DESC, c.id DESC LIMIT $limit
            """;
        (string, object)[] parameters = [("$from", StoredValues.Time(from)), ("$to", StoredValues.Time(to)), ("$limit", limit ?? -1)];
        var incidents = new List<Incident>();
        var links = new Dictionary<long, List<SignalLink>>();
        var signals = new Dictionary<long, List<SignalState>>();
        await using var connection = await OpenReadAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        try
        {
            await ReadAsync(connection, transaction, $"SELECT {Sql.IncidentColumns} FROM incidents i WHERE i.id IN ({Chosen}) ORDER BY i.opened_at, i.id",
                parameters, row => incidents.Add(Rows.Incident(row)), cancellationToken);
            if (incidents.Count == 0)
            {
                return [];
            }

            await ReadAsync(connection, transaction, $"SELECT {Sql.LinkColumns} FROM incident_links l WHERE l.incident_id IN ({Chosen}) ORDER BY l.incident_id, l.seq",
                parameters, row =>
                {
                    var (id, link) = Rows.Link(row);
                    (links.TryGetValue(id, out var list) ? list : links[id] = []).Add(link);
                }, cancellationToken);

            // Per linked fingerprint: its episode in this incident, else its latest one (as GetIncidentAsync).
            await ReadAsync(connection, transaction, $"""
                SELECT l.incident_id, {Sql.SignalColumns} FROM {LinkedSignalsOf($"IN ({Chosen})")} ORDER BY l.incident_id, l.seq
                """, parameters, row =>
                {
                    var id = row.GetInt64(0);
                    (signals.TryGetValue(id, out var list) ? list : signals[id] = []).Add(Rows.Signal(row, 1));
                }, cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw Failure("read the incident clusters of", ex);
        }

        return [.. incidents.Select(i => new IncidentDetail(i with { Links = [.. links.GetValueOrDefault(i.Id) ?? []] }, signals.GetValueOrDefault(i.Id) ?? []))];
    }

    /// <summary>The prediction that opened the incident, or null when it was never predicted.</summary>
    public async Task<PredictionRecord?> GetPredictionAsync(long incidentId, CancellationToken cancellationToken)
    {
        var list = await ReadPredictionsAsync("WHERE incident_id = $id", [("$id", incidentId)], cancellationToken);
        return list.Count == 0 ? null : list[0];
    }

    /// <summary>Predictions made in [from, to), by time.</summary>
    public Task<IReadOnlyList<PredictionRecord>> ListPredictionsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ReadPredictionsAsync("WHERE at >= $from AND at < $to ORDER BY at, incident_id", [("$from", StoredValues.Time(from)), ("$to", StoredValues.Time(to))], cancellationToken);

    /// <summary>Appends a person's verdict on a prediction.</summary>
    public Task AddFeedbackAsync(FeedbackLabel feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        return WriteAsync("store prediction feedback in", (transaction, ct) => ExecuteAsync(transaction, """
            INSERT INTO prediction_feedback (incident_id, label, actor, reason, at) VALUES ($id, $label, $actor, $reason, $at)
            """, ct, ("$id", feedback.IncidentId), ("$label", feedback.Label ? 1 : 0), ("$actor", feedback.Actor),
            ("$reason", StoredValues.Nullable(feedback.Reason)), ("$at", StoredValues.Time(feedback.At))), cancellationToken);
    }

    /// <summary>The latest verdict per incident (a later one overrides an earlier one), by incident id.</summary>
    public async Task<IReadOnlyDictionary<long, FeedbackLabel>> GetFeedbackAsync(CancellationToken cancellationToken)
    {
        var labels = new Dictionary<long, FeedbackLabel>();
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, "SELECT incident_id, label, actor, reason, at FROM prediction_feedback ORDER BY id", [],
                row => labels[row.GetInt64(0)] = new FeedbackLabel(row.GetInt64(0), row.GetInt64(1) != 0, row.GetString(2),
                    row.IsDBNull(3) ? null : row.GetString(3), StoredValues.ParseTime(row.GetString(4))),
                cancellationToken);
            return labels;
        }
        catch (SqliteException ex)
        {
            throw Failure("read the prediction feedback of", ex);
        }
    }

    private async Task<IReadOnlyList<PredictionRecord>> ReadPredictionsAsync(string where, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken cancellationToken)
    {
        var list = new List<PredictionRecord>();
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            await ReadAsync(connection, null, "SELECT incident_id, at, probability, threshold, method, horizon_minutes, features, explanation FROM incident_predictions " + where, parameters,
                row => list.Add(new PredictionRecord(row.GetInt64(0), StoredValues.ParseTime(row.GetString(1)), row.GetDouble(2), row.GetDouble(3),
                    row.GetString(4), row.GetDouble(5), row.GetString(6), row.GetString(7))),
                cancellationToken);
            return list;
        }
        catch (SqliteException ex)
        {
            throw Failure("read the predictions of", ex);
        }
    }
}
