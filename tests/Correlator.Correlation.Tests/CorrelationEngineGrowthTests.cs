using System.Globalization;
using Correlator.Correlation;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

/// <summary>
/// The work of a batch must not grow with the incident its signals join: counted in what the store is asked to write
/// and what the outbox would carry, not timed, so the test fails on quadratic behaviour on any machine.
/// </summary>
public sealed class CorrelationEngineGrowthTests
{
    private const int Batch = 100;

    [Fact]
    public void Process_BatchesJoiningOneGrowingIncident_WriteTheSameRowsAtEverySize()
    {
        // Arrange: one incident that every signal joins, committed batch by batch as the pipeline does.
        var engine = new CorrelationEngine(new CorrelationOptions(), PriorityMatrix.Default, PipelineSnapshot.Empty);
        var changes = new ChangeSet();
        var rowsAt = new Dictionary<int, (int Rows, int Effects, int EffectSignals)>();

        // Act
        for (int sent = 0; sent < 20_000; sent += Batch)
        {
            changes.Clear();
            for (int i = sent; i < sent + Batch; i++)
            {
                engine.Process(Alert(i), changes);
            }

            if (sent is 1_000 or 10_000 or 19_900)
            {
                var effects = IncidentEffects.Derive(changes).ToList();
                rowsAt[sent] = (RowsToWrite(changes), effects.Count, effects.Sum(e => OutboxJson.ReadIncident(e.Payload).Signals.Count));
            }
        }

        // Assert: per batch, one incident row, a signal row and a link row per signal, one outbox effect with the
        // new signals only — at 1,000 signals in the incident as at 20,000.
        Assert.Equal(1, engine.OpenIncidentCount);
        Assert.Equal((1 + Batch + Batch, 1, Batch), rowsAt[1_000]);
        Assert.Equal(rowsAt[1_000], rowsAt[10_000]);
        Assert.Equal(rowsAt[1_000], rowsAt[19_900]);
    }

    [Fact]
    public void Process_RepeatsOfSignalsInALargeIncident_WriteOnlyTheirSignalRows()
    {
        // Arrange
        var engine = new CorrelationEngine(new CorrelationOptions(), PriorityMatrix.Default, PipelineSnapshot.Empty);
        var changes = new ChangeSet();
        for (int i = 0; i < 5_000; i++)
        {
            engine.Process(Alert(i), changes);
        }

        changes.Clear();

        // Act: the first 100 conditions fire again (a re-send), later in event time.
        for (int i = 0; i < Batch; i++)
        {
            engine.Process(Alert(i) with { EventTime = Some.At(600) }, changes);
        }

        // Assert: a repeat changes its signal row only, not the incident.
        Assert.Equal(Batch, changes.Signals.Count());
        Assert.Empty(changes.Incidents);
    }

    /// <summary>Rows the store writes for a change set: incident rows, signal rows, and the links and lines past what is stored.</summary>
    private static int RowsToWrite(ChangeSet changes)
    {
        int rows = changes.Signals.Count();
        foreach (var incident in changes.Incidents)
        {
            var (links, entries) = changes.StoredCounts(incident.Id);
            rows += 1 + (incident.Links.Count - links) + (incident.Timeline.Count - entries);
        }

        return rows;
    }

    private static Signal Alert(int n) =>
        Some.Alert(name: "Alert" + (n % 50).ToString(CultureInfo.InvariantCulture), resource: "pod-" + n.ToString(CultureInfo.InvariantCulture), at: n / 10, severity: Severity.Critical);
}
