using System.ComponentModel.DataAnnotations;

namespace Correlator.Service.Incidents;

/// <summary>
/// The <c>IncidentStage</c> section: how the incident-management stage runs in the service (its policies are in
/// <c>IncidentManagement</c>). Event time moves with the correlation watermark after each commit and, when
/// <see cref="AdvanceWithClock"/> is on, with the clock every <see cref="TickInterval"/> (escalations, SLA warnings).
/// </summary>
public sealed class IncidentStageOptions
{
    public const string SectionName = "IncidentStage";

    public bool Enabled { get; set; } = true;

    /// <summary>Move event time with the clock (live operation); off for replays of old streams and tests that drive time.</summary>
    public bool AdvanceWithClock { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The least time between two passes the stage starts by itself after correlation commits (0, the default: a pass as
    /// soon as a commit comes in). Commits arriving meanwhile are taken in by one pass and one store transaction instead
    /// of one each; readers of management state never wait for it (they catch up themselves), escalations and SLA notices
    /// driven by the watermark may go out up to this much later.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PassInterval { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Longest time a change to an incident's component count alone (nothing a person or the priority reads from the
    /// stored record) waits in memory before it is written; such changes also go out with the next pass that writes,
    /// before a reader's view and when the host stops. A crash loses nothing: the counts are recounted from correlation's
    /// rows at start. 0 writes every such change at once (no deferral).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DeferredFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Signal labels kept per incident for classification (the first ones attached).</summary>
    [Range(1, 10_000)]
    public int MaxLabelSetsPerIncident { get; set; } = 50;

    /// <summary>Longest note, reason or name an action accepts, in characters.</summary>
    [Range(1, 100_000)]
    public int MaxTextLength { get; set; } = 2000;
}
