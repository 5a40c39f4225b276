using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>
/// The durable state of the service in one embedded SQLite file: the pipeline commits a change set per batch
/// through one write connection; API readers query concurrently on pooled read-only connections (WAL lets
/// them read the last committed state while a commit runs).
/// </summary>
public sealed partial class SqliteStore : IAsyncDisposable, IDisposable
{
    private readonly string _path;

    private readonly string _readConnectionString;
    private readonly string _checkpointConnectionString;
    private readonly SqliteConnection _write;
    private readonly WriteCommands _commands;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly long _walLimitBytes;
    private readonly TimeSpan _checkpointBusyTimeout;
    private readonly int _walCatchUpPasses;
    private readonly TimeSpan _walTruncateRetryPause;
    private readonly bool _walTruncateToZero;
    private bool _disposed;

    // What the meta table holds, as far as this writer knows: null / 0 until the first commit, which then
    // writes both (a reopened store writes them again once, harmlessly).
    private DateTimeOffset? _storedWatermark;
    private long _storedLastIncidentId;

    private SqliteStore(string path, string readConnectionString, string checkpointConnectionString, SqliteConnection write, StorageOptions options)
    {
        _walLimitBytes = options.WalLimitBytes;
        // Below the commit's own busy timeout even when the options were not validated (a store opened directly).
        _checkpointBusyTimeout = options.CheckpointBusyTimeout < options.BusyTimeout ? options.CheckpointBusyTimeout : options.BusyTimeout / 2;
        _walCatchUpPasses = options.WalCatchUpPasses;
        _walTruncateRetryPause = options.WalTruncateRetryPause;
        _walTruncateToZero = options.WalTruncateToZero;
        _path = path;
        _readConnectionString = readConnectionString;
        _checkpointConnectionString = checkpointConnectionString;
        _write = write;
        _commands = new WriteCommands(write, options.MultiRowInserts);
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath => _path;

    /// <summary>Opens (creating when missing) the database file and brings its schema up to date.</summary>
    /// <exception cref="StorageException">The file is corrupt, locked beyond the busy timeout, or a migration failed.</exception>
    public static async Task<SqliteStore> OpenAsync(StorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var synchronous = ParseSynchronous(options.Synchronous);
        var path = options.FilePath;
        var timeoutSeconds = (int)Math.Max(1, Math.Ceiling(options.BusyTimeout.TotalSeconds));
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = timeoutSeconds,
        };
        var read = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
            DefaultTimeout = timeoutSeconds,
        }.ToString();

        SqliteConnection? write = null;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path) ?? ".");
            write = new SqliteConnection(builder.ToString());
            await write.OpenAsync(cancellationToken);
            await ConfigureAsync(write, synchronous, options, cancellationToken);
            await MigrateAsync(write, cancellationToken);
            MergeFingerprintRuns(write, cancellationToken);
            var checkpoint = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = true,
                DefaultTimeout = timeoutSeconds,
            }.ToString();
            var store = new SqliteStore(path, read, checkpoint, write, options);
            write = null;
            return store;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new StorageException($"Cannot open the store {path}: {ex.Message}", ex);
        }
        finally
        {
            if (write is not null)
            {
                await write.DisposeAsync();
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _commands.Dispose();
        _outbox?.Dispose();
        _write.Dispose();
        // Pooled readers and checkpointers keep the file (and its WAL) open; release them with the store.
        foreach (var pooled in new[] { _readConnectionString, _checkpointConnectionString })
        {
            using var connection = new SqliteConnection(pooled);
            SqliteConnection.ClearPool(connection);
        }

        _writeLock.Dispose();
    }

    /// <summary>Waits for a commit in progress, then closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _writeLock.WaitAsync(CancellationToken.None);
        _writeLock.Release();
        Dispose();
    }

    private async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            await OpenPooledAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens a connection from Microsoft.Data.Sqlite's pool. Concurrent opens need no gate from 10.0.15 on: before it,
    /// the pool's check for leaked connections could see one being handed to its new owner as ownerless and lend it to a
    /// second owner (dotnet/efcore#39008; seen here as "cannot start a transaction within a transaction" from the
    /// incident list), and this method opened one connection at a time. 10.0.15 publishes the owner before marking the
    /// connection active; <c>PooledConnectionTests</c> checks that the pinned package does.
    /// </summary>
    internal static Task OpenPooledAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        connection.OpenAsync(cancellationToken);

    private StorageException Failure(string action, SqliteException ex) => new($"Cannot {action} the store {_path}: {ex.Message}", ex);
}
