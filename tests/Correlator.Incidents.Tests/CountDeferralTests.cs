using System.Globalization;
using Correlator.Domain;

namespace Correlator.Incidents.Tests;

/// <summary>
/// Count-only changes held back (issue #2) and the trend read back after a restart: random schedules of alerts,
/// severity changes, time, people's priorities and crashes, run with and without deferral, must give the same
/// managed state and the same written timeline; and a rising-derived priority survives a restart.
/// </summary>
public sealed class CountDeferralTests
{
    private static readonly string[] Services = ["payments", "crm", "intranet"];
    private static readonly Severity[] Severities = [Severity.Warning, Severity.Minor, Severity.Major, Severity.Critical];

    [Fact]
    public void Observe_MoreComponentsSamePriority_IsDeferredNotPut()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var incident = Build.Incident(1, "payments", Severity.Critical, Build.Monday9);
        manager.Observe(Build.Facts(incident, "web-1"), new ManagementChanges());
        var changes = new ManagementChanges { DeferCounts = true };

        manager.Observe(Build.Facts(incident, "web-1", "web-2") with { Rising = true }, changes);

        Assert.True(changes.IsEmpty);
        Assert.Equal([1L], changes.Deferred);
        Assert.Equal(2, manager.Open[1].Components);
    }

    [Fact]
    public void Observe_MoreComponentsRaisingPriority_IsPut()
    {
        var manager = new IncidentManager(Build.Options(), []);
        var incident = Build.Incident(1, "crm", Severity.Major, Build.Monday9);
        manager.Observe(Build.Facts(incident, "web-1"), new ManagementChanges());
        var changes = new ManagementChanges { DeferCounts = true };

        manager.Observe(Build.Facts(incident, "web-1", "web-2", "web-3") with { Rising = true }, changes);

        Assert.Empty(changes.Deferred);
        Assert.Equal(Priority.P1, Assert.Single(changes.Incidents).Priority);
    }

    [Fact]
    public void Restart_RisingDerivedP1_StaysP1()
    {
        var options = Build.Options();
        var manager = new IncidentManager(options, []);
        var incident = Build.Incident(1, "crm", Severity.Major, Build.Monday9);
        manager.Observe(Build.Facts(incident, "web-1"), new ManagementChanges());
        manager.Observe(Build.Facts(incident, "web-1", "web-2", "web-3") with { Rising = true }, new ManagementChanges());
        Assert.Equal(Priority.P1, manager.Open[1].Priority); // impact High (3 components), urgency High only while rising

        var restarted = new IncidentManager(options, [manager.Open[1]]);
        var changes = new ManagementChanges();
        restarted.Observe(Build.Facts(incident, "web-1", "web-2", "web-3") with { Restored = true }, changes);

        Assert.Equal(Priority.P1, restarted.Open[1].Priority);
        Assert.DoesNotContain(changes.Entries, e => e.Kind == "priority");
    }

    [Fact]
    public void RandomSchedules_WithCrashes_DeferralGivesTheSameStateAsWritingEveryChange()
    {
        int deferredPasses = 0;
        for (int seed = 0; seed < 300; seed++)
        {
            var (written, deferred) = (new StageModel(deferCounts: false), new StageModel(deferCounts: true));
            var correlation = new Correlation(new Random(seed));
            var random = new Random(seed + 10_000);
            for (int step = 0; step < 80; step++)
            {
                var op = random.Next(100);
                if (op < 55)
                {
                    correlation.Alert();
                }
                else if (op < 80)
                {
                    var pending = correlation.TakePending();
                    var now = random.Next(4) == 0 ? correlation.Now : (DateTimeOffset?)null;
                    var act = random.Next(8) == 0 ? correlation.PriorityByHand() : null;
                    written.Pass(pending, now, act);
                    deferred.Pass(pending, now, act);
                    SameStoreButCounts(written, deferred, seed, step);
                }
                else if (op < 88)
                {
                    // A crash, with what correlation committed since the last pass not yet taken in.
                    correlation.TakePending();
                    written.Restart(correlation.Open);
                    deferred.Restart(correlation.Open);
                    Same(written, deferred, seed, step);
                }
            }

            deferredPasses += deferred.DeferringPasses;
            deferred.Flush();
            Same(written, deferred, seed, -1);
            Assert.Equal(written.Store.OrderBy(p => p.Key), deferred.Store.OrderBy(p => p.Key));
        }

        Assert.True(deferredPasses > 300, $"only {deferredPasses} passes deferred a count: the schedules do not exercise deferral");
    }

    /// <summary>What the deferring stage has written differs from what the other wrote by component counts only.</summary>
    private static void SameStoreButCounts(StageModel written, StageModel deferred, int seed, int step)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"seed {seed}, step {step}");
        Assert.True(written.Store.Keys.Order().SequenceEqual(deferred.Store.Keys.Order()), where);
        foreach (var (id, managed) in written.Store)
        {
            var held = deferred.Store[id];
            Assert.True((held with { Components = managed.Components }).Equals(managed), $"{where}: stored incident {id} {held} vs {managed}");
        }
    }

    private static void Same(StageModel written, StageModel deferred, int seed, int step)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"seed {seed}, step {step}");
        Assert.True(written.Manager.Open.Keys.Order().SequenceEqual(deferred.Manager.Open.Keys.Order()), where);
        foreach (var (id, managed) in written.Manager.Open)
        {
            Assert.True(managed.Equals(deferred.Manager.Open[id]), $"{where}: incident {id} {managed} vs {deferred.Manager.Open[id]}");
        }

        Assert.True(written.Log.SequenceEqual(deferred.Log), $"{where}: the written timelines differ");
    }

    /// <summary>Correlation's side: open incidents, their components and signals, event time, commits not yet taken in.</summary>
    private sealed class Correlation(Random random)
    {
        private readonly Dictionary<long, (Incident Incident, HashSet<string> Resources)> _open = [];
        private readonly Dictionary<long, (Incident, string[])> _pending = [];
        private int _signals;

        public DateTimeOffset Now { get; private set; } = Build.Monday9;

        public IEnumerable<(Incident Incident, string[] Resources)> Open => _open.Values.Select(v => (v.Incident, v.Resources.Order(StringComparer.Ordinal).ToArray()));

        public void Alert()
        {
            Now = Now.AddMinutes(random.Next(1, 4));
            long id = random.Next(1, 5);
            var severity = Severities[random.Next(Severities.Length)];
            var resource = "r" + random.Next(1, 8).ToString(CultureInfo.InvariantCulture);
            var signal = Build.Signal("HighLatency", null, severity, Now, "s-" + (++_signals).ToString(CultureInfo.InvariantCulture), resource);
            if (_open.TryGetValue(id, out var known))
            {
                var incident = known.Incident.Attach(signal, "test", Now);

                // Correlation's severity may go up or (signals clearing) down; the manager follows either way.
                incident = random.Next(3) == 0 ? incident with { Severity = severity, UpdatedAt = Now } : incident;
                known.Resources.Add(resource);
                _open[id] = (incident, known.Resources);
            }
            else
            {
                var service = Services[(int)(id - 1) % Services.Length];
                var opened = Build.Incident(id, service, severity, Now);
                _open[id] = (opened, [resource]);
            }

            _pending[id] = (_open[id].Incident, [.. _open[id].Resources.Order(StringComparer.Ordinal)]);
        }

        public List<(Incident Incident, string[] Resources)> TakePending()
        {
            var taken = _pending.OrderBy(p => p.Key).Select(p => p.Value).ToList();
            _pending.Clear();
            return taken;
        }

        public ManagementCommand? PriorityByHand()
        {
            if (_open.Count == 0)
            {
                return null;
            }

            var id = _open.Keys.Order().ElementAt(random.Next(_open.Count));
            return random.Next(2) == 0
                ? new ManagementCommand(id, ManagementAction.ChangePriority, "ana", "P" + random.Next(1, 5).ToString(CultureInfo.InvariantCulture) + ":by hand", Now)
                : new ManagementCommand(id, ManagementAction.ClearPriority, "ana", "policy again", Now);
        }
    }

    /// <summary>The stage's bookkeeping around the manager (as IncidentStage does it), over a dictionary for a store.</summary>
    private sealed class StageModel(bool deferCounts)
    {
        private readonly IncidentManagementOptions _options = Build.Options();
        private readonly HashSet<long> _deferred = [];
        private Dictionary<long, int> _links = [];

        public IncidentManager Manager { get; private set; } = new(Build.Options(), []);

        public Dictionary<long, ManagedIncident> Store { get; } = [];

        public List<string> Log { get; } = [];

        public int DeferringPasses { get; private set; }

        public void Pass(IEnumerable<(Incident Incident, string[] Resources)> pending, DateTimeOffset? now, ManagementCommand? act)
        {
            var changes = new ManagementChanges { DeferCounts = deferCounts };
            foreach (var (incident, resources) in pending)
            {
                bool known = _links.TryGetValue(incident.Id, out var before);
                _links[incident.Id] = incident.Links.Count;
                Manager.Observe(new IncidentFacts(incident, resources, [], known && incident.Links.Count > before), changes);
            }

            if (now is { } at)
            {
                Manager.AdvanceTo(at, changes);
            }

            if (act is not null && Manager.Open.ContainsKey(act.IncidentId))
            {
                try
                {
                    Manager.Act(act, changes);
                }
                catch (InvalidOperationException)
                {
                    // Forbidden in the incident's state: nothing changed.
                }
            }

            DeferringPasses += changes.Deferred.Count > 0 ? 1 : 0;
            Commit(changes, flush: false);
        }

        /// <summary>A crash: what was not written is lost; the manager is rebuilt from the store and correlation's rows.</summary>
        public void Restart(IEnumerable<(Incident Incident, string[] Resources)> open)
        {
            Manager = new IncidentManager(_options, Store.Values);
            _deferred.Clear();
            _links = [];
            var changes = new ManagementChanges();
            foreach (var (incident, resources) in open.OrderBy(o => o.Incident.Id))
            {
                _links[incident.Id] = incident.Links.Count;
                Manager.Observe(new IncidentFacts(incident, resources, [], false) { Restored = true }, changes);
            }

            Commit(changes, flush: true);
        }

        public void Flush() => Commit(new ManagementChanges(), flush: true);

        private void Commit(ManagementChanges changes, bool flush)
        {
            _deferred.UnionWith(changes.Deferred);
            if (changes.IsEmpty && !(flush && _deferred.Count > 0))
            {
                return;
            }

            foreach (var id in _deferred)
            {
                if (Manager.Open.TryGetValue(id, out var current) && !changes.Holds(id))
                {
                    changes.Put(current);
                }
            }

            foreach (var managed in changes.Incidents)
            {
                Store[managed.IncidentId] = managed;
            }

            Log.AddRange(changes.Entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.IncidentId} {e.At:O} {e.Kind} {e.Text}")));
            Log.AddRange(changes.Notices.Select(n => n.Key));
            _deferred.Clear();
        }
    }
}
