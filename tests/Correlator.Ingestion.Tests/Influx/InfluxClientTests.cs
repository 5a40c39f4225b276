using Correlator.Domain;
using Correlator.Ingestion.Influx;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Ingestion.Tests.Influx;

/// <summary>The client against a real influxd 1.6.7.</summary>
public sealed class InfluxClientTests(InfluxServer server) : IClassFixture<InfluxServer>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Spaces, commas, equals, quotes, backslashes (not before an escaped character: 1.x cannot carry that) and unicode.</summary>
    private static readonly string[] Hostile =
    [
        "with space", "com,ma", "equ=als", "quo\"te", "back\\slash", "ünï cödé ☃ 日本", " lead, =\"mixed\\x\" ",
    ];

    [Fact]
    public async Task WriteAndQuery_HostileNames_RoundTrip()
    {
        // Arrange
        server.SkipUnlessRunning();
        var ct = TestContext.Current.CancellationToken;
        var database = await server.NewDatabaseAsync();
        var client = server.Client();
        var writer = new LineProtocolWriter(LineProtocolPrecision.Seconds);
        for (int i = 0; i < Hostile.Length; i++)
        {
            var name = Hostile[i];
            writer.Measurement(name).Tag(name, name).Tag("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Field(name, i + 0.5).Field("text", name + "\\ \"\n").End(Start.AddSeconds(i));
        }

        // Act
        await client.WriteAsync(database, null, LineProtocolPrecision.Seconds, writer.ToUtf8(), ct);
        var series = new List<InfluxSeries>();
        await foreach (var item in client.QueryAsync(database, "SELECT * FROM /.*/ GROUP BY *", LineProtocolPrecision.Seconds, 100, ct))
        {
            series.Add(item);
        }

        // Assert: every name comes back exactly, from measurement to string value.
        Assert.Equal(Hostile.Length, series.Count);
        for (int i = 0; i < Hostile.Length; i++)
        {
            var name = Hostile[i];
            var found = Assert.Single(series, s => s.Name == name);
            Assert.Equal(name, found.Tags.GetValueOrDefault(name));
            var row = Assert.Single(found.Rows);
            Assert.Equal(Start.AddSeconds(i).ToUnixTimeSeconds(), row[0].Whole);
            Assert.Equal(i + 0.5, row[IndexOf(found, name)].Number);
            Assert.Equal(name + "\\ \"\n", row[IndexOf(found, "text")].Text);
        }
    }

    [Fact]
    public async Task Query_Chunked_StreamsEveryRowInPartialChunks()
    {
        // Arrange: 5,000 points, read back in chunks of 700.
        server.SkipUnlessRunning();
        var ct = TestContext.Current.CancellationToken;
        var database = await server.NewDatabaseAsync();
        var client = server.Client(gzip: false);
        var writer = new LineProtocolWriter(LineProtocolPrecision.Milliseconds);
        for (int i = 0; i < 5000; i++)
        {
            writer.Measurement("cpu").Tag("host", i % 2 == 0 ? "a" : "b").Field("v", (long)i).End(Start.AddMilliseconds(i));
        }

        await client.WriteAsync(database, "autogen", LineProtocolPrecision.Milliseconds, writer.ToUtf8(), ct);

        // Act
        var chunks = new List<InfluxSeries>();
        await foreach (var item in client.QueryAsync(database, "SELECT v FROM cpu GROUP BY host", LineProtocolPrecision.Milliseconds, 700, ct))
        {
            chunks.Add(item);
        }

        // Assert
        Assert.True(chunks.Count >= 8, $"expected several chunks, got {chunks.Count}");
        Assert.Contains(chunks, c => c.Partial);
        Assert.Equal(5000, chunks.Sum(c => c.Rows.Count));
        var values = chunks.SelectMany(c => c.Rows.Select(r => r[1].Whole)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 5000).Select(i => (long)i), values);
        Assert.Equal(LabelSet.From(("host", "a")), chunks[0].Tags);
    }

    [Fact]
    public async Task Query_UnknownDatabase_ErrorCarriesInfluxMessage()
    {
        server.SkipUnlessRunning();
        var client = server.Client();

        var error = await Assert.ThrowsAsync<InfluxException>(async () =>
        {
            await foreach (var _ in client.QueryAsync("nope", "SELECT * FROM m", cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Contains("database not found: nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_BadInfluxQl_ErrorCarriesInfluxMessage()
    {
        server.SkipUnlessRunning();
        var client = server.Client();

        var error = await Assert.ThrowsAsync<InfluxException>(async () =>
        {
            await foreach (var _ in client.QueryAsync(null, "SELEKT 1", cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.Contains("error parsing query", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Write_BadLine_ErrorCarriesInfluxMessage()
    {
        server.SkipUnlessRunning();
        var database = await server.NewDatabaseAsync();
        var client = server.Client();

        var error = await Assert.ThrowsAsync<InfluxException>(() =>
            client.WriteAsync(database, null, LineProtocolPrecision.Seconds, "good v=1 1\nbad v= 1\n"u8.ToArray(), TestContext.Current.CancellationToken));

        Assert.Contains("partial write: unable to parse 'bad v= 1'", error.Message, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
    }

    [Fact]
    public async Task Write_ServerDown_HttpRequestException()
    {
        // A closed port: the caller (poller, sink) sees a transport error it may retry.
        using var http = new HttpClient();
        var client = new InfluxClient(http, new InfluxClientOptions { Url = new Uri($"http://127.0.0.1:{Correlator.Testing.FreePort.Next()}/") });

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PingAsync(TestContext.Current.CancellationToken));
    }

    private static int IndexOf(InfluxSeries series, string column) => series.Columns.ToList().IndexOf(column);
}
