using System.Diagnostics;
using System.Globalization;
using Correlator.Correlation;
using Correlator.Correlation.Learning;
using Correlator.Correlation.Topology;
using Correlator.Domain;

// Feeds the correlation engine the Kafka bench's alert shape (every alert unique, 200 services, 50 alert names,
// one alert per millisecond of event time) in batches of 5,000 into one change set, as the pipeline does, without the
// store. Prints µs and bytes allocated per signal. Arguments: [alerts] [learner on|off] [rounds].
int alerts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
bool learn = args.Length <= 1 || args[1] != "off";
int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
const int Batch = 5_000;
var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

var signals = new Signal[alerts];
for (int n = 0; n < alerts; n++)
{
    var name = "Alert" + (n % 50).ToString(CultureInfo.InvariantCulture);
    var service = "svc-" + (n % 200).ToString(CultureInfo.InvariantCulture);
    var instance = "pod-" + n.ToString(CultureInfo.InvariantCulture) + ":9100";
    var labels = LabelSet.From(new KeyValuePair<string, string>[]
    {
        new("alertname", name), new("service", service), new("instance", instance), new("job", "node"),
        new("severity", "critical"), new("namespace", "prod"), new("cluster", "eu-west-1"), new("team", "platform"),
    });
    var at = start.AddMilliseconds(n);
    signals[n] = new Signal
    {
        Source = "alertmanager",
        Fingerprint = ((ulong)n * 0x9E3779B97F4A7C15UL).ToString("x16", CultureInfo.InvariantCulture),
        Name = name,
        Severity = Severity.Critical,
        Resource = instance,
        Service = service,
        EventTime = at,
        StartsAt = at,
        Labels = labels,
        Summary = name + " on " + instance,
    };
}

using var sampler = Environment.GetEnvironmentVariable("CORR_MICRO_ALLOC") is not null ? new AllocationSampler() : null;
for (int round = 0; round < rounds; round++)
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    var engine = new CorrelationEngine(new CorrelationOptions(), PriorityMatrix.Default, PipelineSnapshot.Empty)
    {
        Learner = learn ? new CooccurrenceLearner(TimeSpan.FromMinutes(5), TopologyGraph.Empty, hops: 1) : null,
    };
    var changes = new ChangeSet();
    int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
    long bytes = GC.GetAllocatedBytesForCurrentThread();
    if (sampler is not null)
    {
        sampler.Recording = round == rounds - 1;
    }

    var cpu = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime;
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < alerts; i++)
    {
        engine.Process(signals[i], changes);
        if ((i + 1) % Batch == 0)
        {
            changes.Clear();
        }

        if (Environment.GetEnvironmentVariable("CORR_MICRO_STEPS") is not null && (i + 1) % 100_000 == 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {i + 1}: {clock.Elapsed.TotalSeconds:F2} s, gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}"));
        }
    }

    clock.Stop();
    cpu = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime - cpu;
    if (sampler is not null && round == rounds - 1)
    {
        sampler.Recording = false;
        sampler.Print(alerts);
    }
    bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"round\":{round},\"alerts\":{alerts},\"learner\":{(learn ? "true" : "false")},\"us_per_signal\":{clock.Elapsed.TotalMicroseconds / alerts:F2},\"cpu_us_per_signal\":{cpu.TotalMicroseconds / alerts:F2},\"bytes_per_signal\":{bytes / (double)alerts:F0},\"gen0\":{GC.CollectionCount(0) - gen0},\"gen1\":{GC.CollectionCount(1) - gen1},\"gen2\":{GC.CollectionCount(2) - gen2},\"incidents\":{engine.OpenIncidentCount}}}"));
}
