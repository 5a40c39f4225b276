using Correlator.Domain;

namespace Correlator.Correlation.Tests;

public sealed class ZzSweepTests
{
    [Fact]
    public void Sweep()
    {
        var failures = new List<string>();
        var optionSets = new (string, Func<CorrelationOptions>)[]
        {
            ("shortwindow", () => new CorrelationOptions { Window = TimeSpan.FromMinutes(1), QuietPeriod = TimeSpan.FromMinutes(5) }),
            ("equal", () => new CorrelationOptions { ReopenWindow = TimeSpan.FromMinutes(10), AutoCloseAfter = TimeSpan.FromMinutes(10) }),
            ("zero", () => new CorrelationOptions { Window = TimeSpan.Zero, QuietPeriod = TimeSpan.Zero, ReopenWindow = TimeSpan.Zero, AutoCloseAfter = TimeSpan.Zero }),
            ("qp0", () => new CorrelationOptions { QuietPeriod = TimeSpan.Zero }),
            ("name", () => new CorrelationOptions { GroupBy = ["name"] }),
        };
        foreach (var (label, make) in optionSets)
        foreach (var late in new[] { 0, 45 })
        {
            for (int seed = 1; seed <= 60; seed++)
            {
                var stream = SignalStream.Generate(seed, 200, late);
                var whole = new EngineDriver(make());
                whole.Feed(stream);
                for (int split = 1; split < 200; split += 3)
                {
                    var before = new EngineDriver(make());
                    before.Feed(stream.Take(split));
                    var after = new EngineDriver(make(), snapshot: before.Snapshot());
                    after.Feed(stream.Skip(split));
                    var merged = before.Changes.Incidents.ToDictionary(i => i.Id);
                    foreach (var i in after.Changes.Incidents) merged[i.Id] = i;
                    var restarted = merged.OrderBy(p => p.Key).Select(p => p.Value).ToList();
                    if (!whole.Incidents.SequenceEqual(restarted))
                    {
                        var diff = whole.Incidents.Zip(restarted).FirstOrDefault(p => !p.First.Equals(p.Second));
                        failures.Add($"{label} late {late} seed {seed} split {split}: counts {whole.Incidents.Count}/{restarted.Count} first diff id {diff.First?.Id}: {diff.First} VS {diff.Second}");
                        break;
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, failures.Count + "\n" + string.Join("\n", failures.Take(8)));
    }
}
