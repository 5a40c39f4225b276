using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    private static ManagedIncident Managed(long id, int openedAt = 0) => new()
    {
        IncidentId = id,
        Service = "payments",
        OpenedAt = Some.At(openedAt),
        Category = "database",
        Subcategory = "availability",
        Impact = Impact.High,
        Urgency = Urgency.Medium,
        Priority = Priority.P2,
        WorstSeverity = Severity.Major,
        Components = 3,
        Group = "dba",
    };

    private static ManagementBatch Batch(IReadOnlyCollection<ManagedIncident> incidents, IReadOnlyList<ManagementEntry>? entries = null,
        IReadOnlyCollection<CrisisRecord>? crises = null, IReadOnlyList<OutboxEffect>? effects = null) =>
        new(incidents, entries ?? [], crises ?? [], effects ?? [], Some.At(0));

    [Fact]
    public async Task CommitManagement_ThenGet_RoundTripsEveryField()
    {
        var store = await OpenAsync();
        var managed = Managed(7) with
        {
            Assignee = "ana",
            AcknowledgedAt = Some.At(60),
            Holds = [new HoldPeriod(Some.At(120), Some.At(300), "waiting for the vendor"), new HoldPeriod(Some.At(400), null, "user away")],
            Sent = ["acknowledge:team-lead", "sla:acknowledge:warning"],
            Reopens = 1,
            Major = true,
            KnownError = "KE-1",
        };
        var crisis = new CrisisRecord
        {
            IncidentId = 7, DeclaredAt = Some.At(10), DeclaredBy = "ana", Reason = "checkout down", Mobilised = ["team-lead: lena", "incident-manager: im@example.org"],
            UpdateEvery = TimeSpan.FromMinutes(30), NextUpdateAt = Some.At(1810),
        };

        await store.CommitManagementAsync(Batch([managed], [new ManagementEntry(7, Some.At(0), "priority", "Priority P2 (impact High, urgency Medium): reason"),
            new ManagementEntry(7, Some.At(60), "acknowledge", "Acknowledged by ana")], [crisis]), Ct);
        var detail = await store.GetManagementAsync(7, Ct);

        Assert.NotNull(detail);
        Assert.Equal(managed, detail.Incident);
        Assert.Equal(crisis, detail.Crisis);
        Assert.Equal(["priority", "acknowledge"], detail.Timeline.Select(e => e.Kind));
        Assert.Equal(1, await ScalarAsync("SELECT escalation_level FROM incident_management WHERE incident_id = 7"));
        Assert.Equal(180, await ScalarAsync("SELECT CAST(held_seconds AS INTEGER) FROM incident_management WHERE incident_id = 7"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM incident_management WHERE on_hold_since IS NOT NULL"));
    }

    [Fact]
    public async Task CommitManagement_Twice_UpdatesTheRowAndAppendsTheTimeline()
    {
        var store = await OpenAsync();
        await store.CommitManagementAsync(Batch([Managed(1)], [new ManagementEntry(1, Some.At(0), "assigned", "Assigned to dba")]), Ct);

        await store.CommitManagementAsync(Batch([Managed(1) with { Group = "ops", Assignee = "bo" }], [new ManagementEntry(1, Some.At(5), "assign", "Assigned to ops (bo)")]), Ct);
        var detail = await store.GetManagementAsync(1, Ct);

        Assert.Equal("ops", detail!.Incident.Group);
        Assert.Equal("bo", detail.Incident.Assignee);
        Assert.Equal(2, detail.Timeline.Count);
    }

    [Fact]
    public async Task LoadManagement_ReturnsOnlyOpenIncidentsAndCrisesNotEnded_AfterReopen()
    {
        await OpenAsync();
        var crisis = new CrisisRecord { IncidentId = 1, DeclaredAt = Some.At(0), DeclaredBy = "correlator", Reason = "P1", UpdateEvery = TimeSpan.FromMinutes(30), NextUpdateAt = Some.At(1800) };
        await Store.CommitManagementAsync(Batch([Managed(1), Managed(2) with { ClosedAt = Some.At(9), ResolvedAt = Some.At(8) }],
            crises: [crisis, crisis with { IncidentId = 2, EndedAt = Some.At(8) }]), Ct);

        var store = await ReopenAsync();
        var (open, crises) = await store.LoadManagementAsync(Ct);

        Assert.Equal(1, Assert.Single(open).IncidentId);
        Assert.Equal(1, Assert.Single(crises).IncidentId);
    }

    [Fact]
    public async Task CommitManagement_Effects_GoToTheTargetsThatAcceptTheirKind_Once()
    {
        var store = await OpenAsync();
        store.AddOutboxRoute(new OutboxRoute("hook", IncidentEffects.Derive, kind => kind == OutboxKinds.Escalated));
        store.AddOutboxRoute(new OutboxRoute("rt", IncidentEffects.Derive, kind => kind == OutboxKinds.ProblemCreate));
        var effect = new OutboxEffect("incident/1", OutboxKinds.Escalated, "incident/1/notice/1:acknowledge:team-lead", "{}");

        await store.CommitManagementAsync(Batch([Managed(1)], effects: [effect]), Ct);
        await store.CommitManagementAsync(Batch([], effects: [effect]), Ct);

        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE target = 'hook' AND kind = 'incident.escalated'"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM outbox WHERE target = 'rt'"));
    }

    [Fact]
    public async Task ListManagedIncidents_SelectsByOpeningTime_AndReturnsOneMoreThanTheLimit()
    {
        var store = await OpenAsync();
        await store.CommitManagementAsync(Batch([Managed(1, 0), Managed(2, 100), Managed(3, 200), Managed(4, 300)]), Ct);

        var window = await store.ListManagedIncidentsAsync(Some.At(100), Some.At(300), 10, Ct);
        var capped = await store.ListManagedIncidentsAsync(Some.At(0), Some.At(1000), 2, Ct);

        Assert.Equal([2L, 3L], window.Select(m => m.IncidentId));
        Assert.Equal(3, capped.Count);
    }

    [Fact]
    public async Task GetManagement_UnknownIncident_IsNull()
    {
        var store = await OpenAsync();

        Assert.Null(await store.GetManagementAsync(42, Ct));
    }

    [Fact]
    public async Task CountKnownErrorLinks_CountsManagedIncidentsPerKnownError()
    {
        var store = await OpenAsync();
        await store.CommitManagementAsync(Batch([Managed(1) with { KnownError = "KE-1" }, Managed(2) with { KnownError = "KE-1" }, Managed(3)]), Ct);

        var counts = await store.CountKnownErrorLinksAsync(Ct);

        Assert.Equal(2, Assert.Single(counts).Value);
    }
}
