using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

public sealed class ZzDebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug()
    {
        CorrelationOptions Make() => new CorrelationOptions { Window = TimeSpan.FromMinutes(1), QuietPeriod = TimeSpan.FromMinutes(5) };
        var stream = SignalStream.Generate(38, 200, 0);
        int split = 184;
        var whole = new EngineDriver(Make());
        var before = new EngineDriver(Make());
        before.Feed(stream.Take(split));
        var snap = before.Snapshot();
        var after = new EngineDriver(Make(), snapshot: snap);
        for (int i = 0; i < stream.Count; i++)
        {
            var s = stream[i];
            if (i >= split) after.Feed(s);
            whole.Feed(s);
            if (s.Service == "payments" || i >= split)
                output.WriteLine($"{i} {(s.EventTime - Some.T0).TotalSeconds} {s.Status} {s.Name} {s.Service} {s.Resource} {s.Fingerprint[..6]} {s.EventId}");
        }
        output.WriteLine("snapshot incidents: " + string.Join(",", snap.OpenIncidents.Select(i => $"{i.Id}:{i.GroupKey}:{i.State}")));
        foreach (var st in snap.Signals.Where(s => s.Latest.Service == "payments")) output.WriteLine($"snap state {st.Fingerprint[..6]} {st.Latest.Status} first {(st.FirstSeenAt - Some.T0).TotalSeconds} inc {st.IncidentId}");
        foreach (var id in new long[] { 16, 17, 18 })
        {
            foreach (var d in new[] { whole, after })
            {
                var inc = d.Changes.Incidents.FirstOrDefault(x => x.Id == id);
                if (inc is null) continue;
                output.WriteLine($"--- {id} {inc.State} {inc.GroupKey}");
                foreach (var l in inc.Timeline) output.WriteLine($"  {(l.At - Some.T0).TotalSeconds} {l.Kind} {l.Text}");
            }
        }
    }
}
