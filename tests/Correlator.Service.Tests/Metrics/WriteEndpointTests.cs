using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Correlator.Service.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Metrics;

public sealed class WriteEndpointTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync("Metrics:Write:MaxBodyBytes=200000");

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private MetricPath Path => _host.App.Services.GetRequiredService<MetricPath>();

    private async Task<(HttpStatusCode Status, string Body)> WriteAsync(string query, byte[] body, bool gzip = false)
    {
        using var content = new ByteArrayContent(body);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        using var response = await _host.Client.PostAsync("/write" + query, content, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>What Telegraf's outputs.influxdb sends: a batch of points, precision left to nanoseconds.</summary>
    private static string TelegrafBatch(int minutes, int startMinute = 0, Func<int, double>? value = null)
    {
        var text = new StringBuilder();
        var start = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(11);
        for (int i = startMinute; i < startMinute + minutes; i++)
        {
            var v = value?.Invoke(i) ?? (40.0 + random.NextDouble());
            var ns = (start.AddMinutes(i).ToUnixTimeMilliseconds() * 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"cpu,cpu=cpu-total,host=web-1,service=shop usage_user={v},usage_system={v / 2} {ns}\n");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"mem,host=web-1 used_percent={v},available=123456i,state=\"ok\" {ns}\n");
        }

        return text.ToString();
    }

    [Fact]
    public async Task Write_TelegrafBatch_204AndSamplesInTheBank()
    {
        // Act
        var (status, body) = await WriteAsync("?db=telegraf&rp=autogen", Encoding.UTF8.GetBytes(TelegrafBatch(50)));

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal("", body);
        Assert.Equal(200, Path.Stats.Samples);
        Assert.Equal(200, Path.Stats.Scored);
        Assert.Equal(4, Path.SeriesCount);
    }

    [Fact]
    public async Task Write_Gzip_Accepted()
    {
        // Arrange
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(TelegrafBatch(10)));
        }

        // Act
        var (status, _) = await WriteAsync("?db=telegraf", packed.ToArray(), gzip: true);

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(40, Path.Stats.Samples);
    }

    [Fact]
    public async Task Write_SpikeInTheSeries_AnomalyBecomesAnIncident()
    {
        // Arrange: a steady hour, then one minute far off.
        var (first, _) = await WriteAsync("?db=telegraf", Encoding.UTF8.GetBytes(TelegrafBatch(60)));

        // Act
        var (second, _) = await WriteAsync("?db=telegraf&precision=s", Encoding.UTF8.GetBytes("cpu,cpu=cpu-total,host=web-1,service=shop usage_user=400 " + new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, first);
        Assert.Equal(HttpStatusCode.NoContent, second);
        Assert.Equal(1, Path.Stats.AnomaliesFired);
        var page = await _host.GetJsonAsync("/api/incidents");
        var incident = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("shop", incident.GetProperty("service").GetString());
        var detail = await _host.GetJsonAsync("/api/incidents/" + incident.GetProperty("id").GetInt64());
        Assert.Contains("cpu.usage_user", detail.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_SomeBadLines_GoodLinesKeptAnd400PartialWriteNamingTheLines()
    {
        // Act
        var (status, body) = await WriteAsync("?db=telegraf&precision=s", "good v=1 1\nbad v= 1\ngood v=2 2\nbad2 1\n"u8.ToArray());

        // Assert: as InfluxDB 1.x answers (checked against influxd 1.6.7).
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();
        Assert.Equal("partial write: unable to parse 'bad v= 1': missing value of field 'v'\nunable to parse 'bad2 1': missing field value dropped=0", error);
        Assert.Equal(2, Path.Stats.Samples);
    }

    [Theory]
    [InlineData("", "database is required")]
    [InlineData("?db=x&precision=fortnight", "invalid precision 'fortnight': use n, u, ms, s, m or h")]
    public async Task Write_BadQuery_400InfluxStyle(string query, string message)
    {
        var (status, body) = await WriteAsync(query, "m v=1"u8.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Write_OverTheBodyLimit_413NamingTheSetting()
    {
        var (status, body) = await WriteAsync("?db=x", Encoding.UTF8.GetBytes(new string('#', 200_001)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("Metrics:Write:MaxBodyBytes", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_GzipBombOverTheLimit_413()
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new byte[1_000_000]);
        }

        var (status, _) = await WriteAsync("?db=x", packed.ToArray(), gzip: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task Metrics_AfterWrites_BankAndWriteCounters()
    {
        // Arrange
        await WriteAsync("?db=telegraf", Encoding.UTF8.GetBytes(TelegrafBatch(5)));
        await WriteAsync("?db=telegraf", "bad\n"u8.ToArray());

        // Act
        var text = await _host.Client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        // Assert
        Assert.Contains("correlator_write_points_total 10\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_write_string_fields_total 5\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_write_bad_lines_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_write_errors_total{code=\"400\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_bank_samples_total 20\n", text, StringComparison.Ordinal);
        Assert.Contains("correlator_bank_series 4\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_204()
    {
        using var response = await _host.Client.GetAsync("/ping", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
