using Correlator.Domain;

namespace Correlator.Service.Pipeline;

/// <summary>
/// One unit of work for the correlation loop: the signals of one request (or replay chunk), the input
/// position they bring the store to, or only a clock tick. Completed once durable in the store.
/// </summary>
internal sealed class PipelineItem
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PipelineItem(IReadOnlyList<Signal> signals, string? input = null, string? position = null, DateTimeOffset? advanceTo = null)
    {
        Signals = signals;
        Input = input;
        Position = position;
        AdvanceTo = advanceTo;
    }

    public IReadOnlyList<Signal> Signals { get; }

    /// <summary>The input whose position this item moves (e.g. a replay file), if any.</summary>
    public string? Input { get; }

    public string? Position { get; }

    /// <summary>An event time to advance to before the signals (clock ticks carry only this).</summary>
    public DateTimeOffset? AdvanceTo { get; }

    /// <summary>
    /// A change to apply on the loop, between signals, to the engine's incidents (a person's confirm or dismiss of a
    /// prediction); an exception it throws is kept in <see cref="RevisionError"/> and the rest of the batch goes on.
    /// </summary>
    public Action<Correlator.Correlation.CorrelationEngine, ChangeSet>? Revision { get; init; }

    /// <summary>Why <see cref="Revision"/> was refused, once the item completed.</summary>
    public Exception? RevisionError { get; set; }

    /// <summary>Completes when the item's effects are committed, or fails with the reason they are not.</summary>
    public Task Completion => _done.Task;

    /// <summary>
    /// Checked on the loop just before the item is correlated: when it returns an error the item is failed with it
    /// and has no effect (neither signals nor position). An item whose precondition depends on an earlier item
    /// still in flight shares that item's fate anyway (same or following commit; a failed commit fails both).
    /// </summary>
    public Func<Exception?>? Precondition { get; init; }

    /// <summary>Told synchronously, on the loop, whether the item became durable (true) or failed (false).</summary>
    public Action<bool>? Settled { get; init; }

    public void Complete()
    {
        if (_done.TrySetResult())
        {
            Settled?.Invoke(true);
        }
    }

    public void Fail(Exception error)
    {
        if (_done.TrySetException(error))
        {
            Settled?.Invoke(false);
        }
    }
}
