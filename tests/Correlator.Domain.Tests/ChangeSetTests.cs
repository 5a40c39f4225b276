using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Domain.Tests;

public sealed class ChangeSetTests
{
    [Fact]
    public void StoredCounts_IncidentPutTwiceInOneBatch_KeepsFirstBefore()
    {
        // Arrange
        var stored = Some.OpenIncident();
        var second = stored.Attach(Some.Alert(name: "Other", at: 10), "rule", Some.At(10));
        var third = second.Hold("vendor", Some.At(20));
        var changes = new ChangeSet();

        // Act
        changes.Put(second, stored);
        changes.Put(third, second);

        // Assert
        Assert.Equal((1, 1), changes.StoredCounts(1));
        Assert.Same(third, Assert.Single(changes.Incidents));
    }

    [Fact]
    public void StoredCounts_NewIncidentThenChanged_StaysZero()
    {
        var opened = Some.OpenIncident();
        var changes = new ChangeSet();

        changes.Put(opened, null);
        changes.Put(opened.Hold("x", Some.At(5)), opened);

        Assert.Equal((0, 0), changes.StoredCounts(1));
    }

    [Fact]
    public void StoredCounts_UnknownIncident_Zero()
    {
        Assert.Equal((0, 0), new ChangeSet().StoredCounts(99));
    }

    [Fact]
    public void PutSignal_SameLifeTwice_KeepsLatestButTwoLivesBoth()
    {
        // Arrange
        var firing = Some.Alert();
        var changes = new ChangeSet();

        // Act
        changes.Put(new SignalState(firing, Some.At(0), Some.At(0), 1, 1));
        changes.Put(new SignalState(firing, Some.At(0), Some.At(30), 2, 1));
        changes.Put(new SignalState(firing with { EventTime = Some.At(900) }, Some.At(900), Some.At(900), 1, 2));

        // Assert
        Assert.Equal([2L, 1L], changes.Signals.OrderBy(s => s.FirstSeenAt).Select(s => s.Occurrences));
    }

    [Fact]
    public void Clear_AfterChanges_IsEmptyAgain()
    {
        // Arrange
        var changes = new ChangeSet { Watermark = Some.At(5), LastIncidentId = 3 };
        changes.Put(Some.OpenIncident(), null);
        changes.Put(new SignalState(Some.Alert(), Some.At(0), Some.At(0), 1, 1));
        changes.SetPosition("kafka:alerts:0", "42");
        Assert.False(changes.IsEmpty);

        // Act
        changes.Clear();

        // Assert
        Assert.True(changes.IsEmpty);
        Assert.Null(changes.Watermark);
        Assert.Equal(0, changes.LastIncidentId);
        Assert.Equal((0, 0), changes.StoredCounts(1));
    }

    [Fact]
    public void SetPosition_SameInputTwice_KeepsLast()
    {
        var changes = new ChangeSet();

        changes.SetPosition("in", "1");
        changes.SetPosition("in", "2");

        Assert.Equal("2", Assert.Single(changes.Positions).Value);
        Assert.False(changes.IsEmpty);
    }

    [Fact]
    public void SetPosition_EmptyInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ChangeSet().SetPosition(string.Empty, "1"));
    }

    [Fact]
    public void StoredVersion_RepeatOfAStoredState_IsTheStoredVersionThroughLaterPuts()
    {
        var stored = new SignalState(Some.Alert(at: 0), Some.At(0), Some.At(0), 1, 1);
        var repeat = stored with { LastSeenAt = Some.At(5), Occurrences = 2 };
        var again = repeat with { LastSeenAt = Some.At(9), Occurrences = 3 };
        var changes = new ChangeSet();

        changes.Put(repeat, before: stored);
        changes.Put(again);

        Assert.Same(stored, changes.StoredVersion(again));
        Assert.Same(again, Assert.Single(changes.Signals));
        changes.Clear();
        Assert.Null(changes.StoredVersion(again));
    }

    [Fact]
    public void StoredVersion_StateFirstPutWithoutOne_StaysUnknown()
    {
        var created = new SignalState(Some.Alert(at: 0), Some.At(0), Some.At(0), 1, 1);
        var repeat = created with { LastSeenAt = Some.At(5), Occurrences = 2 };
        var changes = new ChangeSet();

        changes.Put(created);
        changes.Put(repeat, before: created);

        Assert.Null(changes.StoredVersion(repeat));
    }

    [Fact]
    public void StoredVersion_BeforeOfAnotherEpisode_Ignored()
    {
        var stored = new SignalState(Some.Alert(at: 0), Some.At(0), Some.At(0), 1, 1);
        var otherEpisode = stored with { FirstSeenAt = Some.At(60), LastSeenAt = Some.At(60) };
        var changes = new ChangeSet();

        changes.Put(otherEpisode, before: stored);

        Assert.Null(changes.StoredVersion(otherEpisode));
    }
}
