using System.Globalization;
using System.Text;
using Correlator.Kafka;
using Correlator.Service.Metrics;
using Correlator.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Kafka;

/// <summary>Metric topics: Telegraf's Kafka output (line protocol or JSON) into the detector bank that /write feeds.</summary>
public sealed class KafkaMetricTopicTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task LineProtocolTopic_OneMetricPerMessageAsTelegrafSends_SamplesReachTheBankAndASpikeOpensAnIncident()
    {
        await using var bed = new KafkaTestBed();
        await using var host = await ServiceHost.StartAsync(bed.Settings("Kafka:MetricTopics:0:Name=" + KafkaTestBed.Metrics, "Kafka:MetricTopics:0:Format=line-protocol"));
        var random = new Random(11);

        // A steady hour, then one minute far off: Telegraf's influx serializer, nanosecond timestamps.
        for (int minute = 0; minute < 60; minute++)
        {
            await bed.ProduceToAsync(KafkaTestBed.Metrics, Cpu(40 + random.NextDouble(), minute));
        }

        await bed.ProduceToAsync(KafkaTestBed.Metrics, "cpu,cpu=cpu-total,host=web-1,service=shop usage_user=400,usage_system=20.25 " + Ns(60));

        var path = host.App.Services.GetRequiredService<MetricPath>();
        await KafkaTestBed.WaitUntilAsync(() => Task.FromResult(KafkaTestBed.Ingestor(host).MessagesProcessed == 61), "61 metric messages acknowledged");
        Assert.Equal(122, path.Stats.Samples);
        Assert.Equal(1, path.Stats.AnomaliesFired);
        Assert.Equal(1, await KafkaTestBed.IncidentsAsync(host.DataDirectory));
        var positions = await host.App.Services.GetRequiredService<SqliteStore>().GetPositionsAsync(TestContext.Current.CancellationToken);
        Assert.Equal("60", positions[KafkaIngestor.InputName("g", KafkaTestBed.Metrics, 0)]);
    }

    [Fact]
    public async Task MetricTopicByHeader_TelegrafJsonRead_AndAMessageWithABadLineGoesToTheDeadLetterTopicWhole()
    {
        await using var bed = new KafkaTestBed();
        await using var host = await ServiceHost.StartAsync(bed.Settings("Kafka:MetricTopics:0:Name=" + KafkaTestBed.Metrics, "Kafka:MetricTopics:0:Format=header"));
        long seconds = Start.ToUnixTimeSeconds();
        var json = $$"""
            {"metrics":[
              {"name":"disk","tags":{"host":"db-1","path":"/"},"fields":{"used_percent":71.5,"inodes_free":1200,"fstype":"ext4"},"timestamp":{{seconds}}},
              {"name":"disk","tags":{"host":"db-1","path":"/var"},"fields":{"used_percent":12,"inodes_free":900,"fstype":"xfs"},"timestamp":{{seconds}}}
            ]}
            """;

        await bed.ProduceToAsync(KafkaTestBed.Metrics, json, "telegraf-json");
        await bed.ProduceToAsync(KafkaTestBed.Metrics, Cpu(41, 0) + "cpu,host=web-1 usage_user= " + Ns(1) + "\n", "line-protocol");
        await bed.ProduceToAsync(KafkaTestBed.Metrics, Cpu(42, 1), "line-protocol");

        await KafkaTestBed.WaitUntilAsync(() => Task.FromResult(KafkaTestBed.Ingestor(host).MessagesProcessed == 3), "3 metric messages acknowledged");
        var path = host.App.Services.GetRequiredService<MetricPath>();
        Assert.Equal(4 + 2, path.Stats.Samples);
        var letter = Assert.Single(bed.ReadDeadLetters(expected: 1));
        Assert.Equal(KafkaTestBed.Metrics, Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes("correlator-source-topic")));
        Assert.Equal("1", Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes("correlator-source-offset")));
        var reason = Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes("correlator-error"));
        Assert.Contains("line 2", reason, StringComparison.Ordinal);
        Assert.Contains("usage_user", reason, StringComparison.Ordinal);
        Assert.Equal(1, KafkaTestBed.Ingestor(host).MessagesDeadLettered);
    }

    private static string Cpu(double value, int minute) =>
        string.Create(CultureInfo.InvariantCulture, $"cpu,cpu=cpu-total,host=web-1,service=shop usage_user={value},usage_system={value / 2} {Ns(minute)}\n");

    private static string Ns(int minute) => (Start.AddMinutes(minute).ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
}
