using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task OpenAsync_NewDirectory_CreatesTheFileInWalMode()
    {
        await OpenAsync();

        Assert.True(File.Exists(_options.FilePath));
        Assert.Equal(SqliteStore.SchemaVersion, await ScalarAsync("SELECT MAX(version) FROM schema_version"));
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task OpenAsync_Twice_KeepsDataAndAppliesEachMigrationOnce()
    {
        await OpenAsync();
        await CommitAsync(Changes([Open(1, Some.Alert())]));

        await ReopenAsync();
        await ReopenAsync();

        Assert.Equal(SqliteStore.SchemaVersion, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
        Assert.Single((await Store.LoadSnapshotAsync(Ct)).OpenIncidents);
    }

    [Fact]
    public async Task OpenAsync_CorruptFile_ThrowsNamingThePath()
    {
        Directory.CreateDirectory(_options.DataDirectory);
        await File.WriteAllBytesAsync(_options.FilePath, [.. Enumerable.Repeat((byte)0x5A, 8192)], Ct);

        var error = await Assert.ThrowsAsync<StorageException>(OpenAsync);

        Assert.Contains(_options.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_SchemaNewerThanTheBuild_ThrowsNamingThePath()
    {
        await OpenAsync();
        await Store.DisposeAsync();
        _store = null;
        await ExecuteRawAsync($"INSERT INTO schema_version (version) VALUES ({SqliteStore.SchemaVersion + 1});");

        var error = await Assert.ThrowsAsync<StorageException>(OpenAsync);

        Assert.Contains(_options.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_MigrationFails_ThrowsNamingThePathAndRecordsNoVersion()
    {
        Directory.CreateDirectory(_options.DataDirectory);
        // A table of the same name but another shape makes migration 1 fail on its index.
        await ExecuteRawAsync("CREATE TABLE signals (id INTEGER PRIMARY KEY);");

        var error = await Assert.ThrowsAsync<StorageException>(OpenAsync);

        Assert.Contains(_options.FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("Migration 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task OpenAsync_FileLockedByAnotherWriter_ThrowsNamingThePath()
    {
        Directory.CreateDirectory(_options.DataDirectory);
        await using var holder = RawConnection();
        await holder.OpenAsync(Ct);
        await using var command = holder.CreateCommand();
        command.CommandText = "CREATE TABLE other (x); BEGIN EXCLUSIVE; INSERT INTO other VALUES (1);";
        await command.ExecuteNonQueryAsync(Ct);
        _options.BusyTimeout = TimeSpan.FromMilliseconds(100);

        var error = await Assert.ThrowsAsync<StorageException>(OpenAsync);

        Assert.Contains(_options.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_UnknownSynchronousMode_Throws()
    {
        _options.Synchronous = "Off";

        await Assert.ThrowsAsync<ArgumentException>(OpenAsync);
    }

    [Fact]
    public async Task ListIncidentsAsync_WhileAnotherConnectionHoldsAWriteTransaction_ReadsTheLastCommittedState()
    {
        await OpenAsync();
        await CommitAsync(Changes([Open(1, Some.Alert())]));
        await using var writer = RawConnection();
        await writer.OpenAsync(Ct);
        await using var command = writer.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; UPDATE incidents SET title = 'uncommitted';";
        await command.ExecuteNonQueryAsync(Ct);

        var page = await Store.ListIncidentsAsync(new IncidentQuery(), Ct);

        Assert.Equal("HighLatency on checkout", Assert.Single(page.Items).Incident.Title);
    }

    private async Task ExecuteRawAsync(string sql)
    {
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
