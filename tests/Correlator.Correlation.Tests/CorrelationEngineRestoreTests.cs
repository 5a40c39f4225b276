using Correlator.Correlation;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

public sealed class CorrelationEngineRestoreTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2026)]
    public void Process_SameStreamTwice_EqualIncidents(int seed)
    {
        // Arrange
        var stream = SignalStream.Generate(seed, 200);
        var first = new EngineDriver();
        var second = new EngineDriver();

        // Act
        first.Feed(stream);
        second.Feed(stream);

        // Assert
        Assert.Equal(first.Incidents, second.Incidents);
        AssertStreamIsRich(first);
    }

    public static TheoryData<int, int, int> Splits => new()
    {
        { 1, 100, 0 },
        { 7, 50, 0 },
        { 7, 150, 0 },
        { 2026, 100, 0 },
        { 2026, 13, 0 },
        { 1, 100, 45 },
        { 7, 50, 45 },
        { 2026, 120, 45 },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Process_RestartedFromSnapshotMidStream_SameIncidentsAsOneRun(int seed, int split, int lateSeconds)
    {
        // Arrange
        var stream = SignalStream.Generate(seed, 200, lateSeconds);
        var whole = new EngineDriver();
        whole.Feed(stream);
        var before = new EngineDriver();
        before.Feed(stream.Take(split));

        // Act
        var after = new EngineDriver(snapshot: before.Snapshot());
        after.Feed(stream.Skip(split));

        // Assert
        var restarted = Merge(before.Changes.Incidents, after.Changes.Incidents, i => i.Id);
        Assert.Equal(whole.Incidents, restarted);
        var restartedSignals = Merge(before.Changes.Signals, after.Changes.Signals, s => (s.Fingerprint, s.FirstSeenAt));
        Assert.Equal(whole.Changes.Signals.OrderBy(s => (s.Fingerprint, s.FirstSeenAt)), restartedSignals);
        AssertStreamIsRich(whole);
    }

    [Fact]
    public void Process_RestartWhileQuietAfterLateClear_ResolvesAtTheSameTimeAsOneRun()
    {
        // Arrange: the last clear to arrive (A at 30 s) is older than the one before it (B at 60 s).
        var a = Some.Alert(name: "A", at: 0);
        var b = Some.Alert(name: "B", at: 50);
        Signal[] stream = [a, b, Some.Resolved(b, 60), Some.Resolved(a, 30)];
        var whole = new EngineDriver();
        whole.Feed(stream);
        var before = new EngineDriver();
        before.Feed(stream);

        // Act
        var after = new EngineDriver(snapshot: before.Snapshot());
        whole.AdvanceTo(185);
        after.AdvanceTo(185);

        // Assert
        Assert.Equal(IncidentState.Resolved, whole.Incident(1).State);
        Assert.Equal(whole.Incident(1), after.Incident(1));
    }

    [Fact]
    public void Constructor_SnapshotWithQuietIncident_ResolvesItOnSchedule()
    {
        // Arrange: the only signal cleared at 10 s, just before the restart.
        var before = new EngineDriver();
        var firing = Some.Alert(at: 0);
        before.Feed(firing, Some.Resolved(firing, 10));

        // Act
        var after = new EngineDriver(snapshot: before.Snapshot());
        after.AdvanceTo(130);

        // Assert
        var incident = after.Incident(1);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(Some.At(10), incident.ResolvedAt);
        Assert.Equal((1, 2), after.Changes.StoredCounts(1));
    }

    [Fact]
    public void Constructor_SnapshotWithResolvedIncident_ReopensThenCanClose()
    {
        // Arrange
        var before = new EngineDriver();
        var firing = Some.Alert(at: 0);
        before.Feed(firing, Some.Resolved(firing, 10));
        before.AdvanceTo(200);

        // Act
        var reopened = new EngineDriver(snapshot: before.Snapshot());
        reopened.Feed(Some.Alert(at: 300));
        var closed = new EngineDriver(snapshot: before.Snapshot());
        closed.AdvanceTo(3610);

        // Assert
        Assert.Equal(IncidentState.New, reopened.Incident(1).State);
        Assert.Equal(3, reopened.State(firing).Occurrences);
        Assert.Equal(IncidentState.Closed, closed.Incident(1).State);
        Assert.Equal(0, closed.Engine.OpenIncidentCount);
    }

    [Fact]
    public void Constructor_Snapshot_ContinuesIdsAndWatermark()
    {
        // Arrange
        var before = new EngineDriver();
        before.Feed(Some.Alert(service: "checkout", at: 0), Some.Alert(service: "payments", at: 500));

        // Act
        var after = new EngineDriver(snapshot: before.Snapshot());
        after.Feed(Some.Alert(service: "search", at: 600), Some.Alert(service: "checkout", name: "ErrorRate", at: 610));

        // Assert
        Assert.Equal(Some.At(610), after.Engine.Watermark);
        Assert.Equal(3, after.Engine.OpenIncidentCount);
        Assert.Equal(3, after.Changes.LastIncidentId);
        Assert.Equal("service=search", after.Incident(3).GroupKey);
        Assert.Equal(2, after.Incident(1).Links.Count);
    }

    [Fact]
    public void Constructor_SnapshotWithClosedIncident_IgnoresIt()
    {
        // Arrange
        var closed = Some.OpenIncident().Resolve("quiet", Some.At(10)).Close("done", Some.At(20));
        var snapshot = new PipelineSnapshot([closed], [], Some.At(20), 1);

        // Act
        var driver = new EngineDriver(snapshot: snapshot);
        driver.Feed(Some.Alert(at: 30));

        // Assert
        Assert.Equal(2, Assert.Single(driver.Changes.Incidents).Id);
        Assert.Equal(1, driver.Engine.OpenIncidentCount);
    }

    private static List<T> Merge<T, TKey>(IEnumerable<T> earlier, IEnumerable<T> later, Func<T, TKey> key)
        where TKey : notnull
    {
        var merged = earlier.ToDictionary(key);
        foreach (var item in later)
        {
            merged[key(item)] = item;
        }

        return [.. merged.OrderBy(p => p.Key).Select(p => p.Value)];
    }

    /// <summary>Guards against a stream too tame to prove anything.</summary>
    private static void AssertStreamIsRich(EngineDriver driver)
    {
        Assert.True(driver.Stats.IncidentsOpened >= 10, $"opened {driver.Stats.IncidentsOpened}");
        Assert.True(driver.Stats.SignalsAttached >= 10, $"attached {driver.Stats.SignalsAttached}");
        Assert.True(driver.Stats.IncidentsResolved >= 5, $"resolved {driver.Stats.IncidentsResolved}");
        Assert.True(driver.Stats.IncidentsClosed >= 1, $"closed {driver.Stats.IncidentsClosed}");
        Assert.True(driver.Stats.Deduplicated + driver.Stats.Redelivered >= 5, $"deduplicated {driver.Stats.Deduplicated}");
    }
}
