using System.Runtime.CompilerServices;
using Correlator.Domain;
using Correlator.Ingestion.Influx;
using Correlator.Service.Metrics;

namespace Correlator.Service.Tests.Metrics;

/// <summary>The bounded buffer between reading InfluxDB's chunks and scoring them.</summary>
public sealed class ChunkPumpTests
{
    /// <summary>A chunk of one series "cpu usage" with <paramref name="rows"/> rows, times first.. first+rows-1 (ns x 100).</summary>
    private static InfluxSeries Chunk(int first, int rows) =>
        new(0, "cpu", LabelSet.Empty, ["time", "usage"],
            [.. Enumerable.Range(first, rows).Select(t => new[] { new InfluxValue(InfluxValueKind.Number, t, t * 100L, null), new InfluxValue(InfluxValueKind.Number, t, t, null) })],
            Partial: false);

    private static async IAsyncEnumerable<InfluxSeries> Chunks(int count, int rows, Action<int>? onRead = null, int failAt = -1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i == failAt)
            {
                throw new InfluxException("the answer broke off");
            }

            onRead?.Invoke(i);
            await Task.Yield();
            yield return Chunk(i * rows, rows);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(100)]
    public async Task Every_sample_is_consumed_once_in_order(int capacity)
    {
        var values = new List<double>();
        long consumed = await ChunkPump.RunAsync(Chunks(25, 7, cancellationToken: TestContext.Current.CancellationToken), capacity, samples =>
        {
            values.AddRange(samples.Select(s => s.Value));
            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken);

        Assert.Equal(175, consumed);
        Assert.Equal(Enumerable.Range(0, 175).Select(v => (double)v), values);
    }

    [Fact]
    public async Task The_reader_waits_when_the_buffer_is_full()
    {
        int highestRead = -1;
        using var release = new SemaphoreSlim(0);
        var run = ChunkPump.RunAsync(Chunks(50, 2, i => Volatile.Write(ref highestRead, i), cancellationToken: TestContext.Current.CancellationToken), 3, async _ => await release.WaitAsync(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        // The consumer holds the first chunk; the channel holds 3 more; the reader has one in hand waiting for room.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref highestRead) < 4 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(4, Volatile.Read(ref highestRead));

        release.Release(1000);
        Assert.Equal(100, await run);
        Assert.Equal(49, highestRead);
    }

    [Fact]
    public async Task A_read_failure_surfaces_after_the_chunks_read_before_it()
    {
        int chunks = 0;
        var error = await Assert.ThrowsAsync<InfluxException>(() => ChunkPump.RunAsync(Chunks(10, 3, failAt: 6, cancellationToken: TestContext.Current.CancellationToken), 2, _ =>
        {
            chunks++;
            return ValueTask.CompletedTask;
        }, TestContext.Current.CancellationToken));

        Assert.Equal("the answer broke off", error.Message);
        Assert.Equal(6, chunks);
    }

    [Fact]
    public async Task A_scoring_failure_stops_the_reader()
    {
        int highestRead = -1;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ChunkPump.RunAsync(
            Chunks(1_000, 1, i => Volatile.Write(ref highestRead, i), cancellationToken: TestContext.Current.CancellationToken), 2,
            samples => samples[0].Value >= 5 ? throw new InvalidOperationException("bank failed") : ValueTask.CompletedTask,
            TestContext.Current.CancellationToken));

        Assert.Equal("bank failed", error.Message);
        Assert.InRange(Volatile.Read(ref highestRead), 5, 9);
    }
}
