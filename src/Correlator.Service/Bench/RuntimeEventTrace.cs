using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace Correlator.Service.Bench;

/// <summary>
/// Listens, in this process, to the runtime's GC and thread-pool events during a latency run: every suspension of
/// the managed threads (a GC's pause, or a suspension for another reason such as tiered compilation's call-counting
/// cleanup), every GC with its generation, and every change of the pool's worker count with its reason.
/// Times are <see cref="Stopwatch"/> timestamps, so they compare with the probe's.
/// </summary>
internal sealed class RuntimeEventTrace : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const EventKeywords ThreadingKeyword = (EventKeywords)0x10000;

    // Event ids of the runtime's provider (ClrEtwAll.man).
    private const int GcStartId = 1;
    private const int RestartEndId = 3;
    private const int SuspendBeginId = 9;
    private const int WorkerAdjustmentId = 55;

    // The suspension reasons that are a GC (SUSPEND_FOR_GC, SUSPEND_FOR_GC_PREP).
    private const uint SuspendForGc = 1;
    private const uint SuspendForGcPrep = 6;

    private readonly ConcurrentQueue<(long At, int Id, uint A, uint B)> _events = new();

    // Field initialisers run before the base constructor, which already reports the runtime's source.
    private readonly long _anchorTimestamp = Stopwatch.GetTimestamp();
    private readonly DateTime _anchorUtc = TimeProvider.System.GetUtcNow().UtcDateTime;

    /// <summary>One suspension of the managed threads: from its start to the restart's end; whether it was for a GC.</summary>
    public readonly record struct Suspension(long Start, long End, bool ForGc);

    /// <summary>One GC: when it started, its generation, and whether it ran in the background (not in one pause).</summary>
    public readonly record struct Collection(long At, int Generation, bool Background);

    /// <summary>One change of the pool's worker count: when, to how many, and why (the runtime's reason code; 6 is starvation).</summary>
    public readonly record struct Adjustment(long At, int Workers, int Reason);

    /// <summary>What was heard between <paramref name="from"/> and <paramref name="to"/> (timestamps).</summary>
    public (List<Suspension> Suspensions, List<Collection> Collections, List<Adjustment> Adjustments) Between(long from, long to)
    {
        var suspensions = new List<Suspension>();
        var collections = new List<Collection>();
        var adjustments = new List<Adjustment>();
        (long At, uint Reason)? open = null;
        foreach (var (at, id, a, b) in _events.OrderBy(e => e.At))
        {
            switch (id)
            {
                case SuspendBeginId:
                    open = (at, a);
                    break;
                case RestartEndId when open is { } begun:
                    if (at >= from && begun.At <= to)
                    {
                        suspensions.Add(new Suspension(begun.At, at, begun.Reason is SuspendForGc or SuspendForGcPrep));
                    }

                    open = null;
                    break;
                case GcStartId when at >= from && at <= to:
                    collections.Add(new Collection(at, (int)a, b == 1));
                    break;
                case WorkerAdjustmentId when at >= from && at <= to:
                    adjustments.Add(new Adjustment(at, (int)a, (int)b));
                    break;
            }
        }

        return (suspensions, collections, adjustments);
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword | ThreadingKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var at = _anchorTimestamp + (long)((eventData.TimeStamp.ToUniversalTime() - _anchorUtc).TotalSeconds * Stopwatch.Frequency);
        switch (eventData.EventId)
        {
            case SuspendBeginId:
                _events.Enqueue((at, SuspendBeginId, Payload(eventData, "Reason"), 0));
                break;
            case RestartEndId:
                _events.Enqueue((at, RestartEndId, 0, 0));
                break;
            case GcStartId:
                _events.Enqueue((at, GcStartId, Payload(eventData, "Depth"), Payload(eventData, "Type")));
                break;
            case WorkerAdjustmentId:
                _events.Enqueue((at, WorkerAdjustmentId, Payload(eventData, "NewWorkerThreadCount"), Payload(eventData, "Reason")));
                break;
        }
    }

    private static uint Payload(EventWrittenEventArgs eventData, string name)
    {
        int index = eventData.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 && eventData.Payload is { } payload ? Convert.ToUInt32(payload[index], System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
