using System.Text;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Ingestion.Tests.LineProtocol;

public sealed class LineProtocolSeriesCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 7, 0, 0, TimeSpan.Zero);

    // Good and bad lines whose series sections repeat, with escapes, tags out of order, duplicates and field errors.
    private static readonly string[] Lines =
    [
        "cpu,host=a,cpu=cpu0 usage_idle=97.5,usage_user=1.5 1700000000000000000",
        "cpu,host=a,cpu=cpu0 usage_idle=96,usage_user=2i 1700000010000000000",
        "cpu,cpu=cpu0,host=a usage_idle=95 1700000020000000000",
        "cpu,host=a,cpu=cpu0 usage_idle=oops 1700000030000000000",
        "cpu,host=a,cpu=cpu0 usage_idle=94,note=\"text\",usage_user=3 1700000040000000000",
        "disk\\ io,path=/var\\,log,mode=a\\=b read\\ bytes=10u,write\\=x=5 1700000000000000000",
        "disk\\ io,path=/var\\,log,mode=a\\=b read\\ bytes=11u,write\\=x=6 1700000010000000000",
        "mem,host=a,host=b used=1 1700000000000000000",
        "mem,host=a,host=b used=2 1700000000000000000",
        "mem,host=a used=3",
        "mem,host=a used=4 bad-time",
        "mem,host=a",
        "mem,host=a ",
        "weird\\\\,host=a v=1 1700000000000000000",
        "weird\\\\,host=a v=2 1700000000000000000",
    ];

    [Fact]
    public void Parse_WithCache_GivesWhatParsingWithoutItGives()
    {
        // Arrange
        var parser = new LineProtocolParser(new LineProtocolLimits());
        var cache = new LineProtocolSeriesCache(100);

        foreach (var round in Enumerable.Range(0, 3))
        {
            foreach (var line in Lines)
            {
                // Act
                var bytes = Encoding.UTF8.GetBytes(line);
                var plain = parser.Parse(bytes, LineProtocolPrecision.Nanoseconds, Now);
                var cached = new LineProtocolBatch();
                parser.Parse(bytes, LineProtocolPrecision.Nanoseconds, Now, cached, cache);

                // Assert
                Assert.Equal(plain.Samples, cached.Samples);
                Assert.Equal(plain.Errors.Select(e => e.ToString()), cached.Errors.Select(e => e.ToString()));
                Assert.Equal((plain.Points, plain.Lines, plain.StringFieldsSkipped), (cached.Points, cached.Lines, cached.StringFieldsSkipped));
            }
        }

        Assert.True(cache.Hits > cache.Misses, $"hits {cache.Hits}, misses {cache.Misses}");
    }

    [Fact]
    public void Parse_RepeatedSeries_SharesOneKeyInstancePerField()
    {
        // Arrange
        var parser = new LineProtocolParser(new LineProtocolLimits());
        var cache = new LineProtocolSeriesCache(10);
        var batch = new LineProtocolBatch();

        // Act
        parser.Parse("cpu,host=a usage_idle=1,usage_user=2 1\ncpu,host=a usage_idle=3,usage_user=4 2\n"u8, LineProtocolPrecision.Nanoseconds, Now, batch, cache);

        // Assert
        Assert.Equal(4, batch.Samples.Count);
        Assert.Same(batch.Samples[0].Series, batch.Samples[2].Series);
        Assert.Same(batch.Samples[1].Series, batch.Samples[3].Series);
        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public void Add_BeyondCapacity_StartsAgainEmpty()
    {
        // Arrange
        var parser = new LineProtocolParser(new LineProtocolLimits());
        var cache = new LineProtocolSeriesCache(3);
        var batch = new LineProtocolBatch();

        // Act
        for (int i = 0; i < 10; i++)
        {
            parser.Parse(Encoding.UTF8.GetBytes($"m,host=h{i} v=1 1"), LineProtocolPrecision.Nanoseconds, Now, batch, cache);
            Assert.InRange(cache.Count, 1, 3);
        }

        // Assert
        Assert.Equal(10, batch.Samples.Count);
        Assert.Equal(10, batch.Samples.Select(s => s.Series).Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineProtocolSeriesCache(0));
    }
}
