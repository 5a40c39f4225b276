using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    private static readonly Signal Checkout = Some.Alert(service: "checkout");
    private static readonly Signal Billing = Some.Alert(service: "billing", name: "DiskFull");
    private static readonly Signal Search = Some.Alert(service: "search", name: "Errors");

    /// <summary>Incident 1 (checkout, opened at 0, P1), 2 (billing, at 10, resolved), 3 (search, at 10), 4 (checkout again, at 20).</summary>
    private async Task SeedIncidentsAsync()
    {
        await OpenAsync();
        var second = Some.Alert(service: "checkout", name: "ErrorRate", at: 1);
        var one = Open(1, Checkout).Attach(second, "same service", Some.At(1))
            .Assess(Impact.High, Urgency.High, PriorityMatrix.Default, "wide", Some.At(1));
        var two = Open(2, Billing, at: 10).Resolve("fixed", Some.At(15));
        var three = Open(3, Search, at: 10);
        var refired = Some.Alert(service: "checkout", at: 20);
        var four = Open(4, refired, at: 20);
        await CommitAsync(Changes(
            [one, two, three, four],
            State(Checkout, 1),
            State(second, 1, firstSeen: 1),
            State(Some.Resolved(Billing, 15), 2, firstSeen: 10, lastSeen: 15),
            State(Search, 3, firstSeen: 10),
            State(refired, 4, firstSeen: 20)));
    }

    private async Task AssertIdsAsync(IncidentQuery query, params long[] expected)
    {
        var page = await Store.ListIncidentsAsync(query, Ct);
        Assert.Equal(expected, page.Items.Select(i => i.Incident.Id));
    }

    [Fact]
    public async Task ListIncidentsAsync_NoFilter_ReturnsAllNewestOpenedFirstThenHighestId()
    {
        await SeedIncidentsAsync();

        var page = await Store.ListIncidentsAsync(new IncidentQuery(), Ct);

        Assert.Equal(4, page.Total);
        Assert.Equal([4L, 3, 2, 1], page.Items.Select(i => i.Incident.Id));
        Assert.All(page.Items, i => Assert.Empty(i.Incident.Timeline));
    }

    [Fact]
    public async Task ListIncidentsAsync_Items_CountLinkedAndFiringSignals()
    {
        await SeedIncidentsAsync();

        var page = await Store.ListIncidentsAsync(new IncidentQuery(), Ct);

        var byId = page.Items.ToDictionary(i => i.Incident.Id);
        Assert.Equal((2, 2), (byId[1].SignalCount, byId[1].FiringCount));
        Assert.Equal((1, 0), (byId[2].SignalCount, byId[2].FiringCount));
    }

    [Fact]
    public async Task ListIncidentsAsync_ByState_ReturnsOnlyThatState()
    {
        await SeedIncidentsAsync();

        await AssertIdsAsync(new IncidentQuery { State = IncidentState.Resolved }, 2);
    }

    [Fact]
    public async Task ListIncidentsAsync_ByPriority_ReturnsOnlyThatPriority()
    {
        await SeedIncidentsAsync();

        await AssertIdsAsync(new IncidentQuery { Priority = Priority.P1 }, 1);
    }

    [Fact]
    public async Task ListIncidentsAsync_ByService_ReturnsOnlyThatService()
    {
        await SeedIncidentsAsync();

        await AssertIdsAsync(new IncidentQuery { Service = "checkout" }, 4, 1);
    }

    [Fact]
    public async Task ListIncidentsAsync_ByOpenedRange_IncludesFromAndExcludesTo()
    {
        await SeedIncidentsAsync();

        await AssertIdsAsync(new IncidentQuery { From = Some.At(10), To = Some.At(20) }, 3, 2);
        await AssertIdsAsync(new IncidentQuery { From = Some.At(10) }, 4, 3, 2);
        await AssertIdsAsync(new IncidentQuery { To = Some.At(10) }, 1);
    }

    [Fact]
    public async Task ListIncidentsAsync_ByFingerprint_ReturnsIncidentsLinkedToIt()
    {
        await SeedIncidentsAsync();

        await AssertIdsAsync(new IncidentQuery { Fingerprint = Checkout.Fingerprint }, 4, 1);
        await AssertIdsAsync(new IncidentQuery { Fingerprint = "unknown" });
    }

    [Fact]
    public async Task ListIncidentsAsync_FiltersCombined_AppliesAllOfThem()
    {
        await SeedIncidentsAsync();

        await AssertIdsAsync(new IncidentQuery { Service = "checkout", State = IncidentState.New, Priority = Priority.P4 }, 4);
    }

    [Fact]
    public async Task ListIncidentsAsync_LimitAndOffset_PagesAndKeepsTheTotal()
    {
        await SeedIncidentsAsync();

        var page = await Store.ListIncidentsAsync(new IncidentQuery { Limit = 2, Offset = 1 }, Ct);
        var past = await Store.ListIncidentsAsync(new IncidentQuery { Limit = 2, Offset = 10 }, Ct);

        Assert.Equal([3L, 2], page.Items.Select(i => i.Incident.Id));
        Assert.Equal(4, page.Total);
        Assert.Empty(past.Items);
        Assert.Equal(4, past.Total);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(501, 0)]
    [InlineData(10, -1)]
    public async Task ListIncidentsAsync_LimitOrOffsetOutOfRange_Throws(int limit, int offset)
    {
        await OpenAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Store.ListIncidentsAsync(new IncidentQuery { Limit = limit, Offset = offset }, Ct));
    }
}
