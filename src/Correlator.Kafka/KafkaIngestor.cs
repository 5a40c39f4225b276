using System.Collections.Concurrent;
using System.Globalization;
using Confluent.Kafka;
using Correlator.Ingestion;
using Correlator.Ingestion.LineProtocol;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Correlator.Kafka;

/// <summary>
/// One member of the consumer group: takes batches of messages, decodes each with its topic's format, parks
/// what cannot be read on the dead-letter topic, hands the signals of each partition to the sink together
/// with the partition's offset (one store transaction), and only then stores the offsets for the auto-commit.
/// Messages at or below the offset the store already holds are skipped, so a re-delivery after a crash adds
/// nothing twice. Runs on a thread of its own, because librdkafka's poll and rebalance callbacks block.
/// </summary>
public sealed partial class KafkaIngestor : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly PayloadDecoders _decoders;
    private readonly ISignalSink _sink;
    private readonly ILogger _logger;
    /// <summary>Per topic, what decoding one of its messages needs: found with one lookup per message.</summary>
    private readonly Dictionary<string, (KafkaTopicOptions Settings, ParseContext Context, LineProtocolPrecision? Precision)> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<TopicPartition, long> _positions = [];
    private readonly Dictionary<TopicPartition, PartitionWork> _pending = [];

    /// <summary>Per partition, the offset after the last message that is durable (the offset to commit).</summary>
    private readonly Dictionary<TopicPartition, long> _acknowledged = [];

    /// <summary>Per partition, the offset the group's coordinator last accepted from this member.</summary>
    private readonly Dictionary<TopicPartition, long> _committed = [];

    /// <summary>A copy of <see cref="_acknowledged"/> that other threads may read.</summary>
    private readonly ConcurrentDictionary<TopicPartition, long> _progress = new();
    private readonly ResiliencePipeline _retry;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _clock;
    private DeadLetterProducer? _deadLetters;
    private KafkaIngestorTimings _timings = KafkaIngestorTimings.Zero;
    private long _consumeTicks;
    private long _decodeTicks;
    private long _sinkTicks;
    private long _offsetTicks;
    private long _allocatedAtStart;
    private Thread? _thread;
    private int _pendingMessages;
    private volatile bool _crashed;
    private volatile KafkaConsumerState _state = KafkaConsumerState.Starting;
    private long _processed;
    private long _deadLettered;
    private long _skipped;
    private long _heldBack;
    private long _handedOverUncommitted;
    private long? _gateClosedSince;
    private int _disposed;

    public KafkaIngestor(KafkaOptions options, PayloadDecoders decoders, ISignalSink sink, TimeProvider clock, ILogger<KafkaIngestor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decoders);
        ArgumentNullException.ThrowIfNull(clock);
        var errors = options.Validate(decoders.Formats);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _options = options;
        _clock = clock;
        _decoders = decoders;
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        foreach (var topic in options.AlertTopics.Concat(options.MetricTopics))
        {
            var precision = LineProtocolTime.TryParsePrecision(topic.Precision, out var unit) && topic.Precision is not null ? unit : (LineProtocolPrecision?)null;
            _topics[topic.Name] = (topic, new ParseContext(topic.Source), precision);
        }

        _retry = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                OnRetry = args =>
                {
                    LogRetry(args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    public KafkaConsumerState State => _state;

    /// <summary>Why consumption stopped, when <see cref="State"/> is <see cref="KafkaConsumerState.Faulted"/>.</summary>
    public string? FaultReason { get; private set; }

    /// <summary>Messages whose signals (or dead letter) are durable and whose offset was stored.</summary>
    public long MessagesProcessed => Interlocked.Read(ref _processed);

    public long MessagesDeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Re-delivered messages skipped because the store already held them.</summary>
    public long MessagesSkipped => Interlocked.Read(ref _skipped);

    /// <summary>
    /// Partitions given up (revoked or lost) while durable messages of theirs were not yet committed to the group:
    /// a next owner with a store of its own reads those messages again.
    /// </summary>
    public long PartitionsHandedOverUncommitted => Interlocked.Read(ref _handedOverUncommitted);

    /// <summary>Messages put back unprocessed (read again) because the group refused the commit of the batch before them.</summary>
    public long MessagesHeldBack => Interlocked.Read(ref _heldBack);

    /// <summary>
    /// The offset after the last durable message of a partition this member owns, or null when it owns the
    /// partition without having processed anything yet (or does not own it). Safe from any thread.
    /// </summary>
    public long? AcknowledgedOffset(string topic, int partition) =>
        _progress.TryGetValue(new TopicPartition(topic, new Partition(partition)), out var offset) ? offset : null;

    /// <summary>Where the consumer thread's time went so far (updated after each batch); for benchmarks.</summary>
    public KafkaIngestorTimings Timings => Volatile.Read(ref _timings);

    /// <summary>Completes when the consumer thread has ended (stopped, faulted or crashed).</summary>
    public Task Completion => _finished.Task;

    /// <summary>Fault injection for tests: runs after a batch is durable in the store and before its offsets are stored.</summary>
    internal Action? AfterBatchDurable { get; set; }

    /// <summary>The input name under which the store keeps a partition's last processed offset.</summary>
    public static string InputName(string groupId, string topic, int partition) =>
        string.Create(CultureInfo.InvariantCulture, $"kafka:{groupId}:{topic}:{partition}");

    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("The consumer was already started.");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "kafka-consumer " + _options.GroupId };
        _thread.Start();
    }

    /// <summary>Stops after the batches in hand are processed and their offsets stored, then leaves the group (<c>Close</c>).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_thread is not null)
        {
            await _finished.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Fault injection for tests: the consumer dies as a killed process would — the batch in hand is not
    /// acknowledged (no offset stored) and the client is disposed without <c>Close</c>.
    /// </summary>
    internal void Crash()
    {
        _crashed = true;
        _stopping.Cancel();
    }

    /// <summary>Stops without waiting for the batch in hand to be stored (it is read again later); idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The sources are not disposed: the consumer thread may still observe them, and they hold no timer.
        _stopping.Cancel();
        _abort.Cancel();
        if (_thread is not null)
        {
            _finished.Task.Wait(TimeSpan.FromSeconds(30));
        }
    }

    private bool IsTransient(Exception error) =>
        error is not SinkStoppedException && !(error is OperationCanceledException && _abort.IsCancellationRequested);

    private void Run()
    {
        IConsumer<byte[]?, ReadOnlyMemory<byte>?>? consumer = null;
        _allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            KafkaNativeLibrary.EnsureLoaded(_options.LibrdkafkaPath);
            _deadLetters = new DeadLetterProducer(_options);
            consumer = BuildConsumer();
            consumer.Subscribe(_topics.Keys);
            _state = KafkaConsumerState.Running;
            LogStarted(_options.GroupId, _topics.Keys);
            while (!_stopping.IsCancellationRequested && _state == KafkaConsumerState.Running)
            {
                // With a batch in flight, take only what is already fetched: its end must not wait on a poll.
                Gather(consumer, _inFlight.Count == 0 ? _options.PollTimeout : TimeSpan.Zero);
                if (_pending.Count > 0 && _state == KafkaConsumerState.Running)
                {
                    if (!Dispatch(consumer))
                    {
                        break;
                    }
                }
                else if (_inFlight.Count > 0)
                {
                    // Nothing new fetched: give the oldest batch a poll's time to end rather than spin.
                    WaitFor(_inFlight.Peek(), _options.PollTimeout);
                }

                if (!Retire(consumer))
                {
                    break;
                }
            }

            // Stopping on purpose: the batches in flight are made durable and their offsets stored before Close.
            Drain(consumer, store: !_crashed && _state == KafkaConsumerState.Running);
        }
        catch (Exception error) when (error is KafkaException or InvalidOperationException or ArgumentException)
        {
            Fault(error);
        }
        finally
        {
            Shutdown(consumer);
        }
    }

    private void Shutdown(IConsumer<byte[]?, ReadOnlyMemory<byte>?>? consumer)
    {
        try
        {
            // Whatever ended the loop, no submission may still run once the consumer is gone (a restart would read
            // the store's positions before it lands); what is left is waited for, its offsets not stored.
            Drain(consumer, store: false);
            if (consumer is not null && !_crashed)
            {
                // Commits the stored offsets and leaves the group, so the partitions move at once.
                consumer.Close();
            }

            consumer?.Dispose();
            _deadLetters?.Dispose();
        }
        catch (KafkaException error)
        {
            LogCloseFailed(error);
        }
        finally
        {
            if (_state != KafkaConsumerState.Faulted)
            {
                _state = KafkaConsumerState.Stopped;
            }

            LogStopped(_state);
            _finished.TrySetResult();
        }
    }

    private void Fault(Exception error)
    {
        FaultReason = error.GetType().Name + ": " + error.Message;
        _state = KafkaConsumerState.Faulted;
        LogFaulted(error);
    }

    private IConsumer<byte[]?, ReadOnlyMemory<byte>?> BuildConsumer()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(_options.Settings, StringComparer.Ordinal))
        {
            BootstrapServers = _options.BootstrapServers,
            GroupId = _options.GroupId,
            EnableAutoOffsetStore = false,
            EnableAutoCommit = true,
        };

        // The KIP-848 protocol (group.protocol=consumer) assigns on the broker, incrementally, and refuses a client-side strategy.
        if (!(_options.Settings.TryGetValue("group.protocol", out var protocol) && string.Equals(protocol, "consumer", StringComparison.OrdinalIgnoreCase)))
        {
            config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        }

        config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
        return new ConsumerBuilder<byte[]?, ReadOnlyMemory<byte>?>(config)
            .SetValueDeserializer(new MessageValueBuffer(Math.Min(_options.MaxMessageBytes, MaxReusedValueBytes)))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((consumer, partitions) => OnRevoked(consumer, partitions))
            .SetPartitionsLostHandler((consumer, partitions) => OnLost(consumer, partitions))
            .SetErrorHandler((_, error) => OnError(error))
            .Build();
    }

    private void OnError(Error error)
    {
        // librdkafka retries broker errors itself; only a fatal error ends the consumer.
        LogBrokerError(error.Code, error.Reason, error.IsFatal);
        if (error.IsFatal)
        {
            Fault(new KafkaException(error));
        }
    }
}
