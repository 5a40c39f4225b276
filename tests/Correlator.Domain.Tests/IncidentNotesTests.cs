using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Domain.Tests;

public sealed class IncidentNotesTests
{
    [Fact]
    public void Note_AddsATimelineLineWithoutChangingState()
    {
        var incident = Some.OpenIncident(at: 0);

        var noted = incident.Note("Suppressed X: maintenance window m", Some.At(30), "fp-1");

        Assert.Equal(incident.State, noted.State);
        Assert.Equal(incident.Links, noted.Links);
        Assert.Equal(new TimelineEntry(Some.At(30), TimelineEntryKind.Note, "Suppressed X: maintenance window m", "fp-1"), noted.Timeline[^1]);
        Assert.Equal(Some.At(30), noted.UpdatedAt);
        Assert.Equal(incident.LastSignalAt, noted.LastSignalAt);
    }

    [Fact]
    public void Note_Empty_Refused() => Assert.Throws<ArgumentException>(() => Some.OpenIncident().Note(string.Empty, Some.At(0)));
}
