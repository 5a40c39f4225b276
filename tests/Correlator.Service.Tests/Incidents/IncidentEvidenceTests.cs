using Correlator.Service.Incidents;
using Correlator.Testing;

namespace Correlator.Service.Tests.Incidents;

public sealed class IncidentEvidenceTests
{
    [Fact]
    public void Add_MoreSignalsThanLabelSets_KeepsAFixedNumberOfFingerprintsAndLabels()
    {
        // Arrange
        var evidence = new IncidentEvidence(Some.OpenIncident());

        // Act: 10,000 distinct signals into evidence that keeps 50 label sets.
        for (int i = 0; i < 10_000; i++)
        {
            evidence.Add(Some.Alert(resource: $"pod-{i}", at: i), maxLabelSets: 50);
        }

        // Assert: what grows with the incident is only the distinct resources, which incident management counts.
        Assert.Equal(50, evidence.Labels.Count);
        Assert.Equal(50, evidence.Fingerprints.Count);
        Assert.Equal(10_000, evidence.Resources.Count);
    }

    [Fact]
    public void Add_RepeatOfAKnownSignal_AddsNoSecondLabelSet()
    {
        // Arrange
        var evidence = new IncidentEvidence(Some.OpenIncident());
        var signal = Some.Alert(resource: "web-1", at: 0);

        // Act
        evidence.Add(signal, maxLabelSets: 50);
        evidence.Add(signal with { EventTime = Some.At(60) }, maxLabelSets: 50);

        // Assert
        Assert.Single(evidence.Labels);
    }
}
