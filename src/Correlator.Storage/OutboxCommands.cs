using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>The outbox insert of the commit path, prepared once on the write connection like <see cref="WriteCommands"/>.</summary>
internal sealed class OutboxCommands(SqliteConnection connection) : IDisposable
{
    public const string InsertSql =
        "INSERT INTO outbox (target, stream, kind, key, payload, created_at, status, attempts, next_attempt_at) "
        + "VALUES ($target, $stream, $kind, $key, $payload, $created_at, 'pending', 0, '') ON CONFLICT (target, key) DO NOTHING;";

    private RawStatement? _insert;

    public void Insert(string target, OutboxEffect effect, DateTimeOffset createdAt)
    {
        var s = _insert ??= new RawStatement(connection.Handle ?? throw new InvalidOperationException("The write connection is not open."), InsertSql);
        s.Text(1, target);
        s.Text(2, effect.Stream);
        s.Text(3, effect.Kind);
        s.Text(4, effect.Key);
        s.Text(5, effect.Payload);
        s.Time(6, createdAt);
        s.Execute();
    }

    /// <summary>The prepared statements, for the per-statement execution counts.</summary>
    public IEnumerable<RawStatement> Statements => _insert is null ? [] : [_insert];

    public void Dispose() => _insert?.Dispose();
}
