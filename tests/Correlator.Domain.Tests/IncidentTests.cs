using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Domain.Tests;

public sealed class IncidentTests
{
    [Fact]
    public void Open_FirstSignal_SetsFieldsLinkAndTimeline()
    {
        // Arrange
        var signal = Some.Alert(name: "HighLatency", service: "checkout", severity: Severity.Major, at: 30, source: "alertmanager");

        // Act
        var incident = Incident.Open(7, "service=checkout", signal, "rule r", Some.At(30));

        // Assert
        Assert.Equal(7, incident.Id);
        Assert.Equal("service=checkout", incident.GroupKey);
        Assert.Equal("HighLatency on checkout", incident.Title);
        Assert.Equal("checkout", incident.Service);
        Assert.Equal(IncidentState.New, incident.State);
        Assert.Equal(Severity.Major, incident.Severity);
        Assert.Equal(Priority.P4, incident.Priority);
        Assert.Equal(Some.At(30), incident.OpenedAt);
        Assert.Equal(Some.At(30), incident.UpdatedAt);
        Assert.Equal(Some.At(30), incident.LastSignalAt);
        Assert.Null(incident.AcknowledgedAt);
        Assert.Null(incident.ResolvedAt);
        Assert.Null(incident.ClosedAt);
        Assert.Equal([new SignalLink(signal.Fingerprint, Some.At(30), "rule r")], incident.Links);
        var line = Assert.Single(incident.Timeline);
        Assert.Equal(TimelineEntryKind.Opened, line.Kind);
        Assert.Equal(Some.At(30), line.At);
        Assert.Equal(signal.Fingerprint, line.Fingerprint);
        Assert.Equal($"Opened by HighLatency ({signal.Fingerprint}) from alertmanager: rule r", line.Text);
        Assert.True(incident.IsActive);
    }

    [Fact]
    public void Open_SignalWithoutService_TitleIsTheName()
    {
        var incident = Some.OpenIncident(first: Some.Alert(name: "DiskFull", service: null));

        Assert.Equal("DiskFull", incident.Title);
        Assert.Null(incident.Service);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Open_IdBelowOne_Throws(long id)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Some.OpenIncident(id));

        Assert.Equal(nameof(Incident.Id), error.ParamName);
    }

    [Fact]
    public void Open_BlankGroupKey_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => Incident.Open(1, " ", Some.Alert(), "rule", Some.At(0)));

        Assert.Equal(nameof(Incident.GroupKey), error.ParamName);
    }

    [Fact]
    public void Attach_WorseSignal_AddsLinkOnlyAndRaisesSeverity()
    {
        // Arrange
        var incident = Some.OpenIncident();
        var second = Some.Alert(name: "ErrorRate", resource: "web-2", severity: Severity.Critical, at: 60);

        // Act
        var next = incident.Attach(second, "rule 2", Some.At(60));

        // Assert
        Assert.Equal(2, next.Links.Count);
        Assert.Equal(new SignalLink(second.Fingerprint, Some.At(60), "rule 2"), next.Links[1]);
        Assert.Equal(incident.Timeline, next.Timeline);
        Assert.Equal(Severity.Critical, next.Severity);
        Assert.Equal(Some.At(60), next.UpdatedAt);
        Assert.Equal(Some.At(60), next.LastSignalAt);
        Assert.Single(incident.Links);
    }

    [Fact]
    public void Attach_MilderSignal_KeepsWorstSeverity()
    {
        var incident = Some.OpenIncident(first: Some.Alert(severity: Severity.Major));

        var next = incident.Attach(Some.Alert(name: "Other", severity: Severity.Info, at: 5), "rule", Some.At(5));

        Assert.Equal(Severity.Major, next.Severity);
    }

    [Fact]
    public void Attach_SignalAlreadyLinked_Throws()
    {
        var incident = Some.OpenIncident();

        var error = Assert.Throws<InvalidOperationException>(() => incident.Attach(Some.Alert(at: 10), "rule", Some.At(10)));

        Assert.Contains("already linked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_ResolvedIncident_Throws()
    {
        var resolved = Some.OpenIncident().Resolve("quiet", Some.At(60));

        var error = Assert.Throws<InvalidOperationException>(() => resolved.Attach(Some.Alert(name: "Other", at: 70), "rule", Some.At(70)));

        Assert.Contains("Resolved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_ClosedIncident_Throws()
    {
        var closed = Some.OpenIncident().Resolve("quiet", Some.At(60)).Close("done", Some.At(120));

        Assert.Throws<InvalidOperationException>(() => closed.Attach(Some.Alert(name: "Other", at: 130), "rule", Some.At(130)));
    }

    [Theory]
    [InlineData(SignalStatus.Resolved, TimelineEntryKind.SignalResolved, "resolved")]
    [InlineData(SignalStatus.Firing, TimelineEntryKind.SignalRefired, "fired again")]
    public void RecordSignalStatus_LinkedSignal_AddsMatchingLine(SignalStatus status, TimelineEntryKind expectedKind, string expectedVerb)
    {
        // Arrange
        var first = Some.Alert();
        var incident = Some.OpenIncident(first: first);

        // Act
        var next = incident.RecordSignalStatus(Some.Alert(at: 40, status: status), Some.At(40));

        // Assert
        Assert.Equal(2, next.Timeline.Count);
        Assert.Equal(new TimelineEntry(Some.At(40), expectedKind, $"HighLatency ({first.Fingerprint}) {expectedVerb}", first.Fingerprint), next.Timeline[1]);
        Assert.Equal(Some.At(40), next.LastSignalAt);
        Assert.Single(next.Links);
    }

    [Fact]
    public void RecordSignalStatus_WorseRefire_RaisesSeverityButWorseResolveDoesNot()
    {
        var incident = Some.OpenIncident();

        var refired = incident.RecordSignalStatus(Some.Alert(at: 10, severity: Severity.Major), Some.At(10));
        var resolved = incident.RecordSignalStatus(Some.Alert(at: 10, severity: Severity.Critical, status: SignalStatus.Resolved), Some.At(10));

        Assert.Equal(Severity.Major, refired.Severity);
        Assert.Equal(Severity.Warning, resolved.Severity);
    }

    [Fact]
    public void RecordSignalStatus_UnlinkedSignal_Throws()
    {
        var incident = Some.OpenIncident();

        Assert.Throws<InvalidOperationException>(() => incident.RecordSignalStatus(Some.Alert(name: "Other", at: 10), Some.At(10)));
    }

    [Fact]
    public void Acknowledge_NewIncident_InProgressWithTimestampAndLine()
    {
        // Act
        var next = Some.OpenIncident().Acknowledge("alice", Some.At(90));

        // Assert
        Assert.Equal(IncidentState.InProgress, next.State);
        Assert.Equal(Some.At(90), next.AcknowledgedAt);
        Assert.Equal(Some.At(90), next.UpdatedAt);
        Assert.Equal(new TimelineEntry(Some.At(90), TimelineEntryKind.StateChanged, "Acknowledged by alice"), next.Timeline[^1]);
    }

    [Fact]
    public void Acknowledge_OnHoldAfterAnEarlierAcknowledge_KeepsFirstAcknowledgedAt()
    {
        var held = Some.OpenIncident().Acknowledge("alice", Some.At(10)).Hold("waiting for vendor", Some.At(20));

        var next = held.Acknowledge("bob", Some.At(30));

        Assert.Equal(IncidentState.InProgress, next.State);
        Assert.Equal(Some.At(10), next.AcknowledgedAt);
    }

    [Fact]
    public void HoldThenResume_InProgressIncident_MovesOnHoldAndBack()
    {
        // Arrange
        var acknowledged = Some.OpenIncident().Acknowledge("alice", Some.At(10));

        // Act
        var held = acknowledged.Hold("vendor", Some.At(20));
        var resumed = held.Resume("vendor answered", Some.At(30));

        // Assert
        Assert.Equal(IncidentState.OnHold, held.State);
        Assert.Equal("On hold: vendor", held.Timeline[^1].Text);
        Assert.Equal(IncidentState.InProgress, resumed.State);
        Assert.Equal("Resumed: vendor answered", resumed.Timeline[^1].Text);
        Assert.Equal(Some.At(30), resumed.UpdatedAt);
    }

    [Fact]
    public void Resolve_ActiveIncident_SetsResolvedAt()
    {
        var resolved = Some.OpenIncident().Resolve("quiet", Some.At(120));

        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Equal(Some.At(120), resolved.ResolvedAt);
        Assert.False(resolved.IsActive);
        Assert.Equal(new TimelineEntry(Some.At(120), TimelineEntryKind.StateChanged, "Resolved: quiet"), resolved.Timeline[^1]);
    }

    [Fact]
    public void Reopen_NeverAcknowledged_BackToNewWithoutResolvedAt()
    {
        var resolved = Some.OpenIncident().Resolve("quiet", Some.At(120));

        var reopened = resolved.Reopen("fired again", Some.At(200));

        Assert.Equal(IncidentState.New, reopened.State);
        Assert.Null(reopened.ResolvedAt);
        Assert.Equal("Reopened: fired again", reopened.Timeline[^1].Text);
    }

    [Fact]
    public void Reopen_Acknowledged_BackToInProgress()
    {
        var resolved = Some.OpenIncident().Acknowledge("alice", Some.At(10)).Resolve("fixed", Some.At(120));

        var reopened = resolved.Reopen("fired again", Some.At(200));

        Assert.Equal(IncidentState.InProgress, reopened.State);
        Assert.Equal(Some.At(10), reopened.AcknowledgedAt);
        Assert.Null(reopened.ResolvedAt);
    }

    [Fact]
    public void Reopen_ActiveIncident_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Some.OpenIncident().Reopen("why", Some.At(10)));
    }

    [Fact]
    public void Close_ResolvedIncident_SetsClosedAt()
    {
        var closed = Some.OpenIncident().Resolve("quiet", Some.At(120)).Close("no recurrence", Some.At(3720));

        Assert.Equal(IncidentState.Closed, closed.State);
        Assert.Equal(Some.At(3720), closed.ClosedAt);
        Assert.Equal(Some.At(120), closed.ResolvedAt);
        Assert.Equal("Closed: no recurrence", closed.Timeline[^1].Text);
    }

    [Fact]
    public void Close_ActiveIncident_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Some.OpenIncident().Close("early", Some.At(10)));

        Assert.Equal("Incident 1 cannot move from New to Closed.", error.Message);
    }

    public static TheoryData<string> Moves => ["acknowledge", "hold", "resume", "resolve", "reopen", "close"];

    [Theory]
    [MemberData(nameof(Moves))]
    public void AnyMove_ClosedIncident_ThrowsBecauseClosedIsFinal(string move)
    {
        // Arrange
        var closed = Some.OpenIncident().Resolve("quiet", Some.At(120)).Close("done", Some.At(200));

        // Act / Assert
        Assert.Throws<InvalidOperationException>(() => Apply(closed, move, Some.At(300)));
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("resume")]
    public void AcknowledgeOrResume_ResolvedIncident_ThrowsBecauseOnlyReopenRevivesIt(string move)
    {
        // Without this, a resolved incident became InProgress while keeping its ResolvedAt.
        var resolved = Some.OpenIncident().Resolve("quiet", Some.At(120));

        Assert.Throws<InvalidOperationException>(() => Apply(resolved, move, Some.At(300)));
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void AnyMove_EarlierTimeThanLastUpdate_UpdatedAtDoesNotGoBack(string move)
    {
        // Arrange: an incident whose state allows the move, last updated at 1000 s.
        var incident = move switch
        {
            "resume" => Some.OpenIncident().Hold("vendor", Some.At(1000)),
            "reopen" => Some.OpenIncident().Resolve("quiet", Some.At(1000)),
            "close" => Some.OpenIncident().Resolve("quiet", Some.At(1000)),
            _ => Some.OpenIncident().Attach(Some.Alert(name: "Other", at: 1000), "rule", Some.At(1000)),
        };

        // Act
        var next = Apply(incident, move, Some.At(500));

        // Assert
        Assert.Equal(Some.At(1000), next.UpdatedAt);
        Assert.Equal(Some.At(500), next.Timeline[^1].At);
    }

    [Fact]
    public void AttachAndRecord_EarlierTime_UpdatedAtAndLastSignalAtDoNotGoBack()
    {
        var incident = Some.OpenIncident(at: 1000);

        var attached = incident.Attach(Some.Alert(name: "Other", at: 400), "rule", Some.At(400));
        var recorded = attached.RecordSignalStatus(Some.Resolved(Some.Alert(at: 1000), 600), Some.At(600));

        Assert.Equal(Some.At(1000), recorded.UpdatedAt);
        Assert.Equal(Some.At(1000), recorded.LastSignalAt);
    }

    [Fact]
    public void Assess_PriorityChanges_SetsFieldsAndAddsDatedLine()
    {
        // Act
        var next = Some.OpenIncident().Assess(Impact.High, Urgency.High, PriorityMatrix.Default, "5 hosts down", Some.At(60));

        // Assert
        Assert.Equal(Impact.High, next.Impact);
        Assert.Equal(Urgency.High, next.Urgency);
        Assert.Equal(Priority.P1, next.Priority);
        Assert.Equal(Some.At(60), next.UpdatedAt);
        Assert.Equal(new TimelineEntry(Some.At(60), TimelineEntryKind.PriorityChanged, "Priority P4 -> P1 (impact High, urgency High): 5 hosts down"), next.Timeline[^1]);
    }

    [Fact]
    public void Assess_ImpactChangesButPriorityDoesNot_NoTimelineLine()
    {
        // Arrange: Low/Low and Medium/Low are both P4.
        var incident = Some.OpenIncident();

        // Act
        var next = incident.Assess(Impact.Medium, Urgency.Low, PriorityMatrix.Default, "2 hosts", Some.At(60));

        // Assert
        Assert.Equal(Impact.Medium, next.Impact);
        Assert.Equal(Priority.P4, next.Priority);
        Assert.Single(next.Timeline);
    }

    [Fact]
    public void Assess_NothingChanges_ReturnsSameInstance()
    {
        var incident = Some.OpenIncident();

        var next = incident.Assess(Impact.Low, Urgency.Low, PriorityMatrix.Default, "same", Some.At(60));

        Assert.Same(incident, next);
    }

    [Fact]
    public void Equals_SameStepsOnSeparateInstances_EqualWithSameHash()
    {
        // Arrange: each build makes its own ImmutableList instances.
        static Incident Build() => Some.OpenIncident()
            .Attach(Some.Alert(name: "ErrorRate", at: 10), "rule", Some.At(10))
            .Assess(Impact.Medium, Urgency.High, PriorityMatrix.Default, "why", Some.At(10));
        var first = Build();
        var second = Build();

        // Act
        var equal = first.Equals(second);

        // Assert
        Assert.NotSame(first.Links, second.Links);
        Assert.NotSame(first.Timeline, second.Timeline);
        Assert.True(equal);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Equals_TimelineTextDiffers_NotEqual()
    {
        var first = Some.OpenIncident().Hold("a", Some.At(10));
        var second = Some.OpenIncident().Hold("b", Some.At(10));

        Assert.NotEqual(first, second);
    }

    private static Incident Apply(Incident incident, string move, DateTimeOffset at) => move switch
    {
        "acknowledge" => incident.Acknowledge("alice", at),
        "hold" => incident.Hold("reason", at),
        "resume" => incident.Resume("reason", at),
        "resolve" => incident.Resolve("reason", at),
        "reopen" => incident.Reopen("reason", at),
        "close" => incident.Close("reason", at),
        _ => throw new ArgumentOutOfRangeException(nameof(move), move, null),
    };

    [Fact]
    public void IsLinked_AfterAttach_KnowsEveryLinkedFingerprint()
    {
        var first = Some.Alert(resource: "web-1");
        var second = Some.Alert(resource: "web-2", at: 10);
        var incident = Some.OpenIncident(first: first).Attach(second, "rule", Some.At(10));

        Assert.True(incident.IsLinked(first.Fingerprint));
        Assert.True(incident.IsLinked(second.Fingerprint));
        Assert.False(incident.IsLinked("unknown"));
    }

    [Fact]
    public void IsLinked_LinksReplacedWithSameCount_FollowsTheNewLinks()
    {
        var first = Some.Alert(resource: "web-1");
        var incident = Some.OpenIncident(first: first);
        Assert.True(incident.IsLinked(first.Fingerprint));

        var replaced = incident with { Links = [new SignalLink("other", Some.At(0), "rule")] };

        Assert.False(replaced.IsLinked(first.Fingerprint));
        Assert.True(replaced.IsLinked("other"));
        Assert.Throws<InvalidOperationException>(() => replaced.Attach(Some.Alert(resource: "x") with { Fingerprint = "other" }, "rule", Some.At(5)));
    }

    [Fact]
    public void Attach_ManySignals_EveryVersionKnowsExactlyItsOwnLinks()
    {
        var first = Some.Alert(resource: "web-0");
        var versions = new List<Incident> { Some.OpenIncident(first: first) };
        var fingerprints = new List<string> { first.Fingerprint };
        for (int i = 1; i < 200; i++)
        {
            var signal = Some.Alert(resource: $"web-{i}", at: i);
            versions.Add(versions[^1].Attach(signal, "rule", Some.At(i)));
            fingerprints.Add(signal.Fingerprint);
        }

        for (int v = 0; v < versions.Count; v += 17)
        {
            Assert.Equal(fingerprints.Take(v + 1), versions[v].Links.Select(l => l.Fingerprint));
            Assert.All(fingerprints.Take(v + 1), f => Assert.True(versions[v].IsLinked(f)));
            Assert.All(fingerprints.Skip(v + 1), f => Assert.False(versions[v].IsLinked(f)));
        }
    }

    [Fact]
    public void Attach_TwoSignalsToTheSameVersion_EachResultHasOnlyItsOwn()
    {
        var incident = Some.OpenIncident(first: Some.Alert(resource: "web-0"))
            .Attach(Some.Alert(resource: "web-1", at: 1), "rule", Some.At(1));
        var a = Some.Alert(resource: "web-a", at: 2);
        var b = Some.Alert(resource: "web-b", at: 2);

        var withA = incident.Attach(a, "rule", Some.At(2));
        var withB = incident.Attach(b, "rule", Some.At(2));

        Assert.True(withA.IsLinked(a.Fingerprint));
        Assert.False(withA.IsLinked(b.Fingerprint));
        Assert.True(withB.IsLinked(b.Fingerprint));
        Assert.False(withB.IsLinked(a.Fingerprint));
        Assert.False(incident.IsLinked(a.Fingerprint));
        Assert.Equal(3, withA.Links.Count);
        Assert.Equal(b.Fingerprint, withB.Links[^1].Fingerprint);
        Assert.Throws<InvalidOperationException>(() => withB.Attach(b, "rule", Some.At(3)));
        Assert.Equal(4, withA.Attach(b, "rule", Some.At(3)).Links.Count);
    }

    [Fact]
    public void IsLinked_LinksAppendedOutsideAttach_AreKnownToo()
    {
        var incident = Some.OpenIncident(first: Some.Alert(resource: "web-0"));
        Assert.False(incident.IsLinked("added"));

        var added = incident with { Links = incident.Links.Add(new SignalLink("added", Some.At(1), "rule")) };

        Assert.True(added.IsLinked("added"));
        Assert.False(incident.IsLinked("added"));
        Assert.Throws<InvalidOperationException>(() => added.Attach(Some.Alert(resource: "x") with { Fingerprint = "added" }, "rule", Some.At(5)));
    }
}
