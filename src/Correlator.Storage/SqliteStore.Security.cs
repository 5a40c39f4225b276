using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>A local account: its name, role and when it was created (the password hash stays in the store).</summary>
public sealed record StoredAccount(string Name, string Role, DateTimeOffset CreatedAt);

/// <summary>An API key as listed: its public id, name, role and lifetime; the key itself is never stored.</summary>
public sealed record StoredApiKey(string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>One line of the audit log: who did what to which target, when, and how it ended.</summary>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Action, string Target, string Outcome);

/// <summary>
/// Accounts, API keys and the audit log. These writes are rare and small, so they use a pooled connection of
/// their own rather than the pipeline's single writer; SQLite's busy timeout orders them with commits.
/// </summary>
public sealed partial class SqliteStore
{
    public async Task<int> CountAccountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            var count = 0;
            await ReadAsync(connection, null, "SELECT COUNT(*) FROM accounts", row => count = row.GetInt32(0), cancellationToken);
            return count;
        }
        catch (SqliteException ex)
        {
            throw Failure("count the accounts of", ex);
        }
    }

    /// <summary>Adds an account; false when an account of that name (case-insensitive) exists.</summary>
    public async Task<bool> AddAccountAsync(string name, string passwordHash, string role, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        ArgumentException.ThrowIfNullOrEmpty(role);
        var changed = await ExecuteSideAsync(
            "INSERT INTO accounts (name, password_hash, role, created_at) VALUES ($name, $hash, $role, $at) ON CONFLICT (name) DO NOTHING",
            [("$name", name), ("$hash", passwordHash), ("$role", role), ("$at", StoredValues.Time(createdAt))],
            "add an account to",
            cancellationToken);
        return changed == 1;
    }

    /// <summary>The account's role and password hash, or null when there is no such account.</summary>
    public async Task<(StoredAccount Account, string PasswordHash)?> FindAccountAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            (StoredAccount, string)? found = null;
            await ReadAsync(connection, null, "SELECT name, role, created_at, password_hash FROM accounts WHERE name = $name",
                [("$name", name)],
                row => found = (new StoredAccount(row.GetString(0), row.GetString(1), StoredValues.ParseTime(row.GetString(2))), row.GetString(3)),
                cancellationToken);
            return found;
        }
        catch (SqliteException ex)
        {
            throw Failure("read an account from", ex);
        }
    }

    public async Task<IReadOnlyList<StoredAccount>> ListAccountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            var accounts = new List<StoredAccount>();
            await ReadAsync(connection, null, "SELECT name, role, created_at FROM accounts ORDER BY name", [],
                row => accounts.Add(new StoredAccount(row.GetString(0), row.GetString(1), StoredValues.ParseTime(row.GetString(2)))),
                cancellationToken);
            return accounts;
        }
        catch (SqliteException ex)
        {
            throw Failure("list the accounts of", ex);
        }
    }

    /// <summary>Replaces an account's password hash; false when there is no such account.</summary>
    public async Task<bool> SetPasswordAsync(string name, string passwordHash, CancellationToken cancellationToken) =>
        await ExecuteSideAsync("UPDATE accounts SET password_hash = $hash WHERE name = $name",
            [("$name", name), ("$hash", passwordHash)], "change a password in", cancellationToken) == 1;

    public async Task AddApiKeyAsync(StoredApiKey key, string keyHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(keyHash);
        await ExecuteSideAsync(
            "INSERT INTO api_keys (id, key_hash, name, role, created_at) VALUES ($id, $hash, $name, $role, $at)",
            [("$id", key.Id), ("$hash", keyHash), ("$name", key.Name), ("$role", key.Role), ("$at", StoredValues.Time(key.CreatedAt))],
            "add an API key to",
            cancellationToken);
    }

    /// <summary>The key with this SHA-256, revoked or not; null when unknown.</summary>
    public async Task<StoredApiKey?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            StoredApiKey? found = null;
            await ReadAsync(connection, null, "SELECT id, name, role, created_at, revoked_at FROM api_keys WHERE key_hash = $hash",
                [("$hash", keyHash)], row => found = ApiKeyRow(row), cancellationToken);
            return found;
        }
        catch (SqliteException ex)
        {
            throw Failure("read an API key from", ex);
        }
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListApiKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            var keys = new List<StoredApiKey>();
            await ReadAsync(connection, null, "SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id", [],
                row => keys.Add(ApiKeyRow(row)), cancellationToken);
            return keys;
        }
        catch (SqliteException ex)
        {
            throw Failure("list the API keys of", ex);
        }
    }

    /// <summary>Marks a key revoked; false when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ExecuteSideAsync("UPDATE api_keys SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL",
            [("$id", id), ("$at", StoredValues.Time(at))], "revoke an API key in", cancellationToken) == 1;

    public async Task AppendAuditAsync(DateTimeOffset at, string actor, string action, string target, string outcome, CancellationToken cancellationToken) =>
        await ExecuteSideAsync(
            "INSERT INTO audit_log (at, actor, action, target, outcome) VALUES ($at, $actor, $action, $target, $outcome)",
            [("$at", StoredValues.Time(at)), ("$actor", actor), ("$action", action), ("$target", target), ("$outcome", outcome)],
            "append to the audit log of",
            cancellationToken);

    /// <summary>The newest audit entries first, those with a sequence number below <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, long? before, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenReadAsync(cancellationToken);
        try
        {
            var entries = new List<AuditEntry>();
            await ReadAsync(connection, null,
                "SELECT seq, at, actor, action, target, outcome FROM audit_log WHERE seq < $before ORDER BY seq DESC LIMIT $limit",
                [("$before", before ?? long.MaxValue), ("$limit", limit)],
                row => entries.Add(new AuditEntry(row.GetInt64(0), StoredValues.ParseTime(row.GetString(1)), row.GetString(2),
                    row.GetString(3), row.GetString(4), row.GetString(5))),
                cancellationToken);
            return entries;
        }
        catch (SqliteException ex)
        {
            throw Failure("read the audit log of", ex);
        }
    }

    private static StoredApiKey ApiKeyRow(SqliteDataReader row) => new(
        row.GetString(0), row.GetString(1), row.GetString(2), StoredValues.ParseTime(row.GetString(3)),
        row.IsDBNull(4) ? null : StoredValues.ParseTime(row.GetString(4)));

    private async Task<int> ExecuteSideAsync(string sql, IReadOnlyList<(string Name, object Value)> parameters, string action, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_checkpointConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await OpenPooledAsync(connection, cancellationToken);
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.AddWithValue(name, value);
                }

                return await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException ex)
            {
                throw Failure(action, ex);
            }
        }
    }
}
