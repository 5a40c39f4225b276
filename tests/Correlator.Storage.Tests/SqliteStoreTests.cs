using Correlator.Domain;
using Correlator.Testing;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage.Tests;

/// <summary>Each test gets its own temporary data directory, deleted afterwards; the store is opened on demand.</summary>
public sealed partial class SqliteStoreTests : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "correlator-tests", Guid.NewGuid().ToString("N"));
    private readonly StorageOptions _options;
    private SqliteStore? _store;

    public SqliteStoreTests()
    {
        _options = new StorageOptions { DataDirectory = Path.Combine(_directory, "data") };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteStore Store => _store ?? throw new InvalidOperationException("Call OpenAsync first.");

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<SqliteStore> OpenAsync()
    {
        _store = await SqliteStore.OpenAsync(_options, Ct);
        return _store;
    }

    /// <summary>Closes the store and opens it again, as a service restart would.</summary>
    private async Task<SqliteStore> ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        return await OpenAsync();
    }

    private static Incident Open(long id, Signal first, int at = 0) =>
        Incident.Open(id, "service=" + first.Service, first, "group service=" + first.Service, Some.At(at));

    private static SignalState State(Signal signal, long? incidentId, int firstSeen = 0, int? lastSeen = null, long occurrences = 1) =>
        new(signal, Some.At(firstSeen), Some.At(lastSeen ?? firstSeen), occurrences, incidentId);

    /// <summary>One change set holding new incidents and signal states.</summary>
    private static ChangeSet Changes(IEnumerable<Incident> incidents, params SignalState[] signals)
    {
        var changes = new ChangeSet();
        foreach (var incident in incidents)
        {
            changes.Put(incident, null);
        }

        foreach (var state in signals)
        {
            changes.Put(state);
        }

        return changes;
    }

    private Task CommitAsync(ChangeSet changes) => Store.CommitAsync(changes, Ct);

    /// <summary>A connection of its own to the database file, to inspect or tamper with it outside the store.</summary>
    private SqliteConnection RawConnection() =>
        new(new SqliteConnectionStringBuilder { DataSource = _options.FilePath, Pooling = false }.ToString());

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
