using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

/// <summary>A batch whose alerts of several incidents arrive interleaved (a Kafka batch): each row lands bound to its own incident and is found by fingerprint, in both insert modes.</summary>
public sealed partial class SqliteStoreTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CommitAsync_InterleavedAlertsOfSeveralIncidents_StoresEachBoundToItsOwn(bool multiRow)
    {
        _options.MultiRowInserts = multiRow;
        await OpenAsync();
        var (changes, expected) = InterleavedBatch(incidents: 3, alerts: 100);

        await CommitAsync(changes);

        foreach (var (fingerprint, incidentId) in expected)
        {
            var bound = await ScalarAsync($"SELECT COALESCE(incident_id, -1) FROM signals WHERE fingerprint = '{fingerprint}'");
            Assert.Equal(incidentId ?? -1, bound);
            Assert.Equal(1, await ScalarAsync($"SELECT COUNT(*) FROM signal_fingerprints WHERE fingerprint = '{fingerprint}'"));
        }

        Assert.Equal(expected.Count, await ScalarAsync("SELECT COUNT(*) FROM signals"));
        for (long id = 1; id <= 3; id++)
        {
            var detail = await Store.GetIncidentAsync(id, Ct);
            Assert.NotNull(detail);
            Assert.Equal(expected.Count(e => e.IncidentId == id), detail.Signals.Count);
        }
    }

    /// <summary>
    /// One change set opening <paramref name="incidents"/> incidents whose new alerts arrive in turn (alert n joins incident
    /// n mod incidents, every seventh stays unbound), as a Kafka batch interleaves services; the stored binding of each.
    /// </summary>
    private static (ChangeSet Changes, List<(string Fingerprint, long? IncidentId)> Expected) InterleavedBatch(int incidents, int alerts)
    {
        var open = new Incident[incidents];
        var expected = new List<(string Fingerprint, long? IncidentId)>();
        var changes = new ChangeSet { LastIncidentId = incidents };
        var states = new List<SignalState>();
        for (int n = 0; n < alerts; n++)
        {
            int service = n % incidents;
            var alert = CostAlert(service, n, 1);
            if (n % 7 == 6)
            {
                states.Add(State(alert, null, firstSeen: 1));
                expected.Add((alert.Fingerprint, null));
                continue;
            }

            open[service] = open[service] is { } incident
                ? incident.Attach(alert, "group service=" + alert.Service, Some.At(1))
                : Open(service + 1, alert, at: 1);
            states.Add(State(alert, service + 1, firstSeen: 1));
            expected.Add((alert.Fingerprint, service + 1));
        }

        foreach (var incident in open)
        {
            changes.Put(incident, null);
        }

        foreach (var state in states)
        {
            changes.Put(state);
        }

        return (changes, expected);
    }
}
