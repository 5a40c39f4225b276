using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Domain.Tests;

/// <summary>
/// The acknowledged / resolved / closed times live in one object shared between versions: each must read back
/// what was set, whatever else a version changes, and setting one must never disturb the other two.
/// </summary>
public sealed class IncidentMilestonesTests
{
    private static Incident Opened() =>
        Incident.Open(1, "service=checkout", Some.Alert(service: "checkout", at: 0), "rule r", Some.At(0));

    [Fact]
    public void Init_AllThreeSet_EachReadsBackItsOwn()
    {
        // Arrange / Act
        var incident = Opened() with { AcknowledgedAt = Some.At(1), ResolvedAt = Some.At(2), ClosedAt = Some.At(3) };

        // Assert
        Assert.Equal(Some.At(1), incident.AcknowledgedAt);
        Assert.Equal(Some.At(2), incident.ResolvedAt);
        Assert.Equal(Some.At(3), incident.ClosedAt);
    }

    [Fact]
    public void With_OneMilestoneChanged_OthersAndEarlierVersionUnchanged()
    {
        // Arrange
        var first = Opened() with { AcknowledgedAt = Some.At(1), ResolvedAt = Some.At(2) };

        // Act
        var second = first with { ResolvedAt = null, ClosedAt = Some.At(5) };

        // Assert
        Assert.Equal(Some.At(1), second.AcknowledgedAt);
        Assert.Null(second.ResolvedAt);
        Assert.Equal(Some.At(5), second.ClosedAt);
        Assert.Equal(Some.At(1), first.AcknowledgedAt);
        Assert.Equal(Some.At(2), first.ResolvedAt);
        Assert.Null(first.ClosedAt);
    }

    [Fact]
    public void Attach_AfterAcknowledge_KeepsAcknowledgedTime()
    {
        // Arrange
        var acknowledged = Opened().Acknowledge("alice", Some.At(3));

        // Act
        var attached = acknowledged.Attach(Some.Alert(name: "Other", service: "checkout", at: 4), "rule r", Some.At(4));

        // Assert
        Assert.Equal(Some.At(3), attached.AcknowledgedAt);
        Assert.Null(attached.ResolvedAt);
        Assert.Null(attached.ClosedAt);
    }

    [Fact]
    public void ResolveReopenClose_MilestonesFollowTheLifecycle()
    {
        // Arrange
        var acknowledged = Opened().Acknowledge("alice", Some.At(3));

        // Act
        var resolved = acknowledged.Resolve("quiet", Some.At(10));
        var reopened = resolved.Reopen("fired again", Some.At(11));
        var closed = reopened.Resolve("quiet", Some.At(20)).Close("done", Some.At(30));

        // Assert
        Assert.Equal((Some.At(3), Some.At(10), (DateTimeOffset?)null), (resolved.AcknowledgedAt, resolved.ResolvedAt, resolved.ClosedAt));
        Assert.Equal((Some.At(3), (DateTimeOffset?)null, (DateTimeOffset?)null), (reopened.AcknowledgedAt, reopened.ResolvedAt, reopened.ClosedAt));
        Assert.Equal((Some.At(3), Some.At(20), Some.At(30)), (closed.AcknowledgedAt, closed.ResolvedAt, closed.ClosedAt));
    }

    [Fact]
    public void Equals_MilestoneSetThenCleared_EqualsNeverSet()
    {
        // Arrange
        var plain = Opened();

        // Act
        var cleared = plain with { ResolvedAt = Some.At(2) } with { ResolvedAt = null };

        // Assert
        Assert.Equal(plain, cleared);
        Assert.NotEqual(plain, plain with { ClosedAt = Some.At(2) });
    }
}
