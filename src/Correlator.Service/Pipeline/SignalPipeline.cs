using System.Globalization;
using System.Threading.Channels;
using Correlator.Correlation;
using Correlator.Domain;
using Correlator.Service.Correlation;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Pipeline;

/// <summary>
/// The single correlation loop: requests enqueue their parsed signals (bounded, so a flood is refused
/// rather than buffered without end), the loop runs them through the correlation engine in batches,
/// commits each batch's changes in one store transaction, and only then completes the requests.
/// </summary>
internal sealed partial class SignalPipeline : IAsyncDisposable
{
    private readonly Channel<PipelineItem> _queue;
    private readonly SqliteStore _store;
    private readonly CorrelationOptions _correlationOptions;
    private readonly PipelineOptions _options;
    private readonly ILogger<SignalPipeline> _logger;
    private readonly TimeProvider _clock;
    private readonly CorrelationRulesSource _rules;
    private readonly RuleProposals _proposals;
    private int _rulesVersion;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposeStarted;
    private CorrelationEngine? _engine;
    private Task? _loop;
    private long _queuedSignals;
    private long _batches;
    private long _watermarkTicks;

    private readonly Prediction.PredictionStage? _prediction;

    public SignalPipeline(SqliteStore store, IOptions<CorrelationOptions> correlationOptions, IOptions<PipelineOptions> options, TimeProvider clock, ILogger<SignalPipeline> logger, CorrelationRulesSource rules, RuleProposals proposals, Prediction.PredictionStage? prediction = null)
    {
        _prediction = prediction is { Enabled: true } ? prediction : null;
        _clock = clock;
        _rules = rules;
        _proposals = proposals;
        _store = store;
        _correlationOptions = correlationOptions.Value;
        _options = options.Value;
        _logger = logger;
        Timings = new PipelineTimings(clock);
        _queue = Channel.CreateBounded<PipelineItem>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public CorrelationStats Stats { get; } = new();

    /// <summary>The prediction stage the loop runs, when <c>Prediction:Enabled</c>.</summary>
    public Prediction.PredictionStage? Prediction => _prediction;

    /// <summary>Time spent parsing (by the endpoints), correlating and committing, summed since start.</summary>
    public PipelineTimings Timings { get; }

    /// <summary>
    /// Called on the loop after each batch is durable, with what it changed (valid only during the call).
    /// Observers must be quick and must not throw; an exception is logged and ignored.
    /// </summary>
    public event Action<ChangeSet>? Committed;

    public int QueueDepth => _queue.Reader.Count;

    public long QueuedSignals => Interlocked.Read(ref _queuedSignals);

    public long BatchesCommitted => Interlocked.Read(ref _batches);

    public bool IsRunning => _loop is { IsCompleted: false };

    public int RetryAfterSeconds => _options.RetryAfterSeconds;

    /// <summary>The correlation stage's event-time watermark after the last committed batch.</summary>
    public DateTimeOffset? Watermark => Interlocked.Read(ref _watermarkTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Incidents not yet closed (read without locking; for reports only).</summary>
    public int OpenIncidents => _engine?.OpenIncidentCount ?? 0;

    /// <summary>Loads the store's state and starts the loop.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _engine = await LoadEngineAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Queues an item unless the queue is at one of its limits (the caller answers 429) or the loop has stopped (503).</summary>
    public EnqueueResult TryEnqueue(PipelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!IsRunning)
        {
            return EnqueueResult.Stopped;
        }

        var count = item.Signals.Count;
        if (Interlocked.Add(ref _queuedSignals, count) > _options.MaxQueuedSignals && count > 0)
        {
            Interlocked.Add(ref _queuedSignals, -count);
            return EnqueueResult.Full;
        }

        if (!_queue.Writer.TryWrite(item))
        {
            Interlocked.Add(ref _queuedSignals, -count);
            return IsRunning ? EnqueueResult.Full : EnqueueResult.Stopped;
        }

        return EnqueueResult.Queued;
    }

    /// <summary>Queues an item, waiting for room (used by replays, which apply back-pressure instead of failing).</summary>
    public async ValueTask EnqueueAsync(PipelineItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        Interlocked.Add(ref _queuedSignals, item.Signals.Count);
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Add(ref _queuedSignals, -item.Signals.Count);
            throw;
        }
    }

    /// <summary>Stops taking work, finishes what is queued, and waits for the loop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the loop without draining (what is still queued was never acknowledged) and releases it. Safe to call
    /// more than once and from several threads: later calls wait for the first one to finish.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 1)
        {
            await _disposed.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            _queue.Writer.TryComplete();
            await _stopping.CancelAsync().ConfigureAwait(false);
            if (_loop is not null)
            {
                await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            _stopping.Dispose();
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    private async Task<CorrelationEngine> LoadEngineAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _store.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var watermark = snapshot.Watermark?.ToString("O", CultureInfo.InvariantCulture) ?? "none";
            LogLoaded(snapshot.OpenIncidents.Count, snapshot.Signals.Count, watermark);
        }

        _rulesVersion = _rules.Version;
        if (_prediction is not null)
        {
            await _prediction.RestoreAsync(_store, snapshot.Watermark, cancellationToken).ConfigureAwait(false);
        }

        return new CorrelationEngine(_correlationOptions, PriorityMatrix.Default, snapshot, Stats, _rules.Rules, _rules.Topology) { Learner = _proposals.Learner };
    }

    /// <summary>Hot reload: new rules and topology take effect between two batches, never inside one.</summary>
    private void ApplyReloadedRules(CorrelationEngine engine)
    {
        var version = _rules.Version;
        if (version == _rulesVersion)
        {
            return;
        }

        engine.UseRules(_rules.Rules);
        engine.UseTopology(_rules.Topology);
        _proposals.Learner.Topology = _rules.Topology;
        _rulesVersion = version;
    }
}
