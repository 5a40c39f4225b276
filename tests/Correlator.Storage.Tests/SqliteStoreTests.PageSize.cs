using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

/// <summary><see cref="StorageOptions.PageSizeBytes"/>: a new file takes it; an existing file keeps its own.</summary>
public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task OpenAsync_NewFileWithPageSize16384_CreatesItWithThatPageSizeAndCommits()
    {
        _options.PageSizeBytes = 16_384;
        await OpenAsync();
        var alert = Some.Alert(service: "checkout");

        await CommitAsync(Changes([Open(1, alert)], State(alert, 1)));

        Assert.Equal(16_384, await ScalarAsync("PRAGMA page_size"));
        Assert.Equal("wal", await TextAsync("PRAGMA journal_mode"));
        var detail = await Store.GetIncidentAsync(1, Ct);
        Assert.NotNull(detail);
        Assert.Equal(State(alert, 1), Assert.Single(detail.Signals));
    }

    [Fact]
    public async Task OpenAsync_ExistingFileWithAnotherPageSize_KeepsItsOwn()
    {
        await OpenAsync();
        var alert = Some.Alert(service: "checkout");
        await CommitAsync(Changes([Open(1, alert)], State(alert, 1)));
        await Store.DisposeAsync();
        _store = null;

        _options.PageSizeBytes = 16_384;
        await OpenAsync();

        Assert.Equal(StorageOptions.DefaultPageSizeBytes, await ScalarAsync("PRAGMA page_size"));
        var detail = await Store.GetIncidentAsync(1, Ct);
        Assert.NotNull(detail);
        Assert.Equal(State(alert, 1), Assert.Single(detail.Signals));
    }

    private async Task<string> TextAsync(string sql)
    {
        await using var connection = RawConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
