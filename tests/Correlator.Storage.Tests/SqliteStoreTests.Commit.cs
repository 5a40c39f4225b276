using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task CommitAsync_NewIncidentWithSignals_GetIncidentReturnsEqualIncidentAndStates()
    {
        await OpenAsync();
        var first = Some.Alert(at: 0);
        var second = Some.Alert(name: "ErrorRate", at: 5, severity: Severity.Major);
        var incident = Open(1, first).Attach(second, "same service", Some.At(5)).Acknowledge("alice", Some.At(9));
        var states = new[] { State(first, 1), State(second, 1, firstSeen: 5, lastSeen: 8, occurrences: 3) };

        await CommitAsync(Changes([incident], states));

        var detail = await Store.GetIncidentAsync(1, Ct);
        Assert.NotNull(detail);
        Assert.Equal(incident, detail.Incident);
        Assert.Equal(states, detail.Signals);
    }

    [Fact]
    public async Task CommitAsync_SecondCommit_AppendsOnlyNewLinksAndTimelineLines()
    {
        await OpenAsync();
        var first = Some.Alert(at: 0);
        var before = Open(1, first);
        await CommitAsync(Changes([before], State(first, 1)));
        var second = Some.Alert(name: "ErrorRate", at: 5);
        var after = before.Attach(second, "same service", Some.At(5)).RecordSignalStatus(Some.Resolved(first, 7), Some.At(7));
        var changes = new ChangeSet();
        changes.Put(after, before);
        changes.Put(State(second, 1, firstSeen: 5));

        await CommitAsync(changes);

        var detail = await Store.GetIncidentAsync(1, Ct);
        Assert.Equal(after, detail?.Incident);
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM incident_links WHERE incident_id = 1"));
        // Opened and the resolution: an attachment is recorded as its link only.
        Assert.Equal(2, after.Timeline.Count);
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM incident_timeline WHERE incident_id = 1"));
    }

    [Fact]
    public async Task CommitAsync_SameSignalStateTwice_UpdatesTheRowInPlace()
    {
        await OpenAsync();
        var firing = Some.Alert(at: 0);
        await CommitAsync(Changes([], State(firing, null)));
        var resolved = State(Some.Resolved(firing, 30), null, firstSeen: 0, lastSeen: 30, occurrences: 2);

        await CommitAsync(Changes([], resolved));

        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM signals"));
        Assert.Equal(1, (await Store.CountAsync(Ct)).Signals);
        Assert.Equal(0, (await Store.CountAsync(Ct)).FiringSignals);
    }

    [Fact]
    public async Task CommitAsync_SignalWithEveryField_RoundTripsExactly()
    {
        await OpenAsync();
        var full = Some.Alert(at: 0) with
        {
            Kind = SignalKind.Anomaly,
            EventTime = Some.T0.AddTicks(1_234_567),
            EndsAt = Some.T0.AddTicks(7_654_321),
            Labels = LabelSet.From(("alertname", "Lag \"p99\""), ("zone", "eu-west-1/\u00e4\u2713"), ("empty", string.Empty)),
            Annotations = LabelSet.From(("description", "line1\nline2\t<tag> & 'quote'"), ("runbook", "https://x/y?a=1&b=2")),
            Summary = "Latency above threshold",
            Score = 0.123456789012345,
            EventId = "evt-42",
        };
        var bare = Some.Alert(name: "Bare", service: null, resource: null) with { Labels = LabelSet.Empty };
        var states = new[]
        {
            new SignalState(full, Some.T0.AddTicks(1), Some.T0.AddTicks(9_999_999), long.MaxValue, null),
            State(bare, null),
        };
        await CommitAsync(Changes([], states));

        var snapshot = await (await ReopenAsync()).LoadSnapshotAsync(Ct);

        Assert.Equal(states.OrderBy(s => s.Fingerprint), snapshot.Signals.OrderBy(s => s.Fingerprint));
    }

    [Fact]
    public async Task CommitAsync_TimesWithOffsets_ReadBackAsTheSameInstantInUtc()
    {
        await OpenAsync();
        var plusTwo = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(7);
        var signal = Some.Alert() with { EventTime = plusTwo, StartsAt = plusTwo };
        await CommitAsync(Changes([Open(1, signal)], new SignalState(signal, plusTwo, plusTwo, 1, 1)));

        var snapshot = await Store.LoadSnapshotAsync(Ct);

        var state = Assert.Single(snapshot.Signals);
        Assert.Equal(plusTwo, state.Latest.EventTime);
        Assert.Equal(TimeSpan.Zero, state.Latest.EventTime.Offset);
        Assert.Equal(plusTwo.UtcTicks, state.FirstSeenAt.UtcTicks);
    }

    [Fact]
    public async Task CommitAsync_Positions_RoundTripAndLaterValuesWin()
    {
        await OpenAsync();
        var changes = new ChangeSet();
        changes.SetPosition("kafka:alerts/0", "41");
        changes.SetPosition("http", "req-7");
        await CommitAsync(changes);
        var next = new ChangeSet();
        next.SetPosition("kafka:alerts/0", "42");

        await CommitAsync(next);

        var positions = await (await ReopenAsync()).GetPositionsAsync(Ct);
        Assert.Equal(2, positions.Count);
        Assert.Equal("42", positions["kafka:alerts/0"]);
        Assert.Equal("req-7", positions["http"]);
    }

    [Fact]
    public async Task CommitAsync_RepeatOfStoredState_WritesWhatChangedAndLeavesLabelsAlone()
    {
        await OpenAsync();
        var first = Some.Alert(at: 0);
        var stored = State(first, 1);
        await CommitAsync(Changes([Open(1, first)], stored));
        // Tamper with the stored labels: the narrow update must not rewrite them (they did not change),
        // while the full upsert would overwrite them with the state's.
        await ExecuteAsync("UPDATE signals SET labels = '{\"tampered\":\"yes\"}'");
        var newer = first with
        {
            EventTime = Some.At(7),
            Severity = Severity.Critical,
            Annotations = LabelSet.From(("description", "value is 97")),
            Summary = "now 97",
            Score = 0.5,
            EventId = "evt-2",
        };
        var repeat = stored with { Latest = newer, LastSeenAt = Some.At(7), Occurrences = 2 };
        var changes = new ChangeSet();
        changes.Put(repeat, before: stored);

        await CommitAsync(changes);

        var detail = await Store.GetIncidentAsync(1, Ct);
        var read = Assert.Single(detail!.Signals);
        Assert.Equal(repeat with { Latest = newer with { Labels = LabelSet.From(("tampered", "yes")) } }, read);
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM signals"));
    }

    [Fact]
    public async Task CommitAsync_RepeatWithChangedLabels_WritesThem()
    {
        await OpenAsync();
        var first = Some.Alert(at: 0);
        var stored = State(first, 1);
        await CommitAsync(Changes([Open(1, first)], stored));
        var relabelled = first with { EventTime = Some.At(3), Labels = LabelSet.From(("alertname", first.Name), ("pod", "b-2")) };
        var repeat = stored with { Latest = relabelled, LastSeenAt = Some.At(3), Occurrences = 2 };
        var changes = new ChangeSet();
        changes.Put(repeat, before: stored);

        await CommitAsync(changes);

        var detail = await Store.GetIncidentAsync(1, Ct);
        Assert.Equal(repeat, Assert.Single(detail!.Signals));
    }

    [Fact]
    public async Task CommitAsync_RepeatWhoseStoredVersionIsMissing_InsertsTheWholeRow()
    {
        await OpenAsync();
        var first = Some.Alert(at: 0);
        var incident = Open(1, first);
        var believed = State(first, 1);
        var repeat = believed with { LastSeenAt = Some.At(4), Occurrences = 2 };
        var changes = new ChangeSet();
        changes.Put(incident, null);
        changes.Put(repeat, before: believed);

        await CommitAsync(changes);

        var detail = await Store.GetIncidentAsync(1, Ct);
        Assert.Equal(repeat, Assert.Single(detail!.Signals));
    }

    [Fact]
    public async Task CommitAsync_StoredStateThatJoinsAnIncident_WritesTheWholeRow()
    {
        await OpenAsync();
        var first = Some.Alert(at: 0);
        var stored = State(first, null);
        await CommitAsync(Changes([], stored));
        await ExecuteAsync("UPDATE signals SET labels = '{\"tampered\":\"yes\"}'");
        var grouped = stored with { Latest = first with { EventTime = Some.At(2) }, LastSeenAt = Some.At(2), Occurrences = 2, IncidentId = 1 };
        var changes = new ChangeSet();
        changes.Put(Open(1, first), null);
        changes.Put(grouped, before: stored);

        await CommitAsync(changes);

        var detail = await Store.GetIncidentAsync(1, Ct);
        Assert.Equal(grouped, Assert.Single(detail!.Signals));
    }
}
