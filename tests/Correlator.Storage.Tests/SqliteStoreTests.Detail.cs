using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task GetIncidentAsync_UnknownId_ReturnsNull()
    {
        await SeedIncidentsAsync();

        Assert.Null(await Store.GetIncidentAsync(99, Ct));
    }

    [Fact]
    public async Task GetIncidentAsync_ClosedIncident_ReturnsItWithLinesAndSignalsInLinkOrder()
    {
        await OpenAsync();
        var a = Some.Alert(name: "A", at: 0);
        var b = Some.Alert(name: "B", at: 2);
        var closed = Open(1, a).Attach(b, "same service", Some.At(2)).Resolve("fixed", Some.At(5)).Close("ok", Some.At(6));
        var states = new[] { State(b, 1, firstSeen: 2), State(a, 1) };
        await CommitAsync(Changes([closed], states));

        var detail = await Store.GetIncidentAsync(1, Ct);

        Assert.Equal(closed, detail?.Incident);
        Assert.Equal([states[1], states[0]], detail?.Signals ?? []);
    }

    [Fact]
    public async Task GetIncidentAsync_FingerprintInALaterIncident_ReturnsTheEpisodeOfThisIncident()
    {
        await SeedIncidentsAsync();

        var first = await Store.GetIncidentAsync(1, Ct);
        var fourth = await Store.GetIncidentAsync(4, Ct);

        Assert.Equal(State(Checkout, 1), first?.Signals[0]);
        Assert.Equal(4, Assert.Single(fourth?.Signals ?? []).IncidentId);
    }

    [Fact]
    public async Task GetPositionsAsync_NothingCommitted_ReturnsEmpty()
    {
        await OpenAsync();

        Assert.Empty(await Store.GetPositionsAsync(Ct));
    }

    [Fact]
    public async Task CountAsync_SeededStore_CountsSignalsAndIncidentsByState()
    {
        await SeedIncidentsAsync();

        var counts = await Store.CountAsync(Ct);

        Assert.Equal(new StoreCounts(Signals: 5, FiringSignals: 4, New: 3, InProgress: 0, OnHold: 0, Resolved: 1, Closed: 0), counts);
        Assert.Equal(4, counts.Incidents);
        Assert.Equal(1, counts.IncidentsIn(IncidentState.Resolved));
    }

    [Fact]
    public async Task CountAsync_PredictedIncident_StoredAndCountedUnderItsOwnState()
    {
        await OpenAsync();
        var a = Some.Alert(name: "A", at: 0);
        var predicted = Open(1, a) with { State = IncidentState.Predicted };
        await CommitAsync(Changes([predicted], [State(a, 1)]));

        var counts = await Store.CountAsync(Ct);
        var detail = await Store.GetIncidentAsync(1, Ct);

        Assert.Equal(1, counts.IncidentsIn(IncidentState.Predicted));
        Assert.Equal(1, counts.Incidents);
        Assert.Equal(IncidentState.Predicted, detail?.Incident.State);
    }
}
