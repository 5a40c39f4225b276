using Correlator.Kafka;
using Correlator.Service.Kafka;
using Correlator.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Kafka;

/// <summary>
/// The sink keeps the store a prefix of each partition when several batches are in flight: a submission tied to a
/// batch that failed is refused on the loop, before it is correlated, and moves neither signals nor position.
/// </summary>
public sealed class PipelineSignalSinkOrderTests
{
    private const string Input = "kafka:g:alerts:0";

    [Fact]
    public async Task PredecessorFailedAtCommit_TiedSubmissionRefused_NothingOfItStored_UntiedRetryStored()
    {
        await using var host = await ServiceHost.StartAsync();
        var sink = host.App.Services.GetRequiredService<PipelineSignalSink>();
        var path = Path.Combine(host.DataDirectory, "correlator.db");
        await ExecuteAsync(path, "CREATE TRIGGER poison BEFORE INSERT ON signals WHEN NEW.name = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
        var ct = TestContext.Current.CancellationToken;

        var first = new SubmissionLink();
        await Assert.ThrowsAnyAsync<Exception>(() => sink.SubmitAsync(new SinkSubmission([Some.Alert("Poison", at: 1)], [], Input, "9", first, after: null), ct));
        Assert.True(first.IsFailed);

        var second = new SubmissionLink();
        await Assert.ThrowsAsync<PredecessorFailedException>(() => sink.SubmitAsync(new SinkSubmission([Some.Alert("Tied", at: 2)], [], Input, "19", second, after: first), ct));
        Assert.True(second.IsFailed);
        Assert.Equal(0, await ScalarAsync(path, "SELECT count(*) FROM signals"));
        Assert.False((await sink.GetPositionsAsync(ct)).ContainsKey(Input));

        // The consumer retries a refused submission untied once its predecessor's outcome is known.
        await ExecuteAsync(path, "DROP TRIGGER poison;");
        var retry = new SubmissionLink();
        await sink.SubmitAsync(new SinkSubmission([Some.Alert("Poison", at: 1)], [], Input, "9", retry, after: null), ct);
        var next = new SubmissionLink();
        await sink.SubmitAsync(new SinkSubmission([Some.Alert("Tied", at: 2)], [], Input, "19", next, after: retry), ct);
        Assert.True(retry.IsDurable && next.IsDurable);
        Assert.Equal(2, await ScalarAsync(path, "SELECT count(*) FROM signals"));
        Assert.Equal("19", (await sink.GetPositionsAsync(ct))[Input]);
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
