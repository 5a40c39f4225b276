using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Correlator.Ingestion;

namespace Correlator.Kafka;

public sealed partial class KafkaIngestor
{
    private const int MaxReasonChars = 4000;

    /// <summary>Message values up to this size are copied into one reused buffer (<see cref="MessageValueBuffer"/>).</summary>
    private const int MaxReusedValueBytes = 4 * 1024 * 1024;

    /// <summary>Takes messages until the batch is full or a poll finds none waiting.</summary>
    private void Gather(IConsumer<byte[]?, ReadOnlyMemory<byte>?> consumer, TimeSpan timeout)
    {
        // One clock read per boundary, shared by the phases on either side of it: a poll ends where the message's
        // handling starts, and the next poll starts where its decoding ended (two reads per message instead of
        // four, which were about 4 % of the consumer thread's perf samples in bench kafka --sink parse).
        long started = Stopwatch.GetTimestamp();
        while (_pendingMessages < _options.MaxBatchMessages && _state == KafkaConsumerState.Running)
        {
            ConsumeResult<byte[]?, ReadOnlyMemory<byte>?>? result;
            long polled;
            try
            {
                result = consumer.Consume(timeout);
            }
            catch (ConsumeException error)
            {
                // A partition-level error (e.g. a topic not yet created); the client keeps trying.
                LogBrokerError(error.Error.Code, error.Error.Reason, error.Error.IsFatal);
                if (error.Error.IsFatal)
                {
                    throw;
                }

                return;
            }
            finally
            {
                polled = Stopwatch.GetTimestamp();
                _consumeTicks += polled - started;
            }

            if (result?.Message is null)
            {
                return;
            }

            started = Take(result, polled);
            timeout = TimeSpan.Zero;
        }
    }

    /// <summary>Adds the message to its partition's work; returns the clock reading at the end of its decoding, or <paramref name="polled"/> when nothing was decoded.</summary>
    private long Take(ConsumeResult<byte[]?, ReadOnlyMemory<byte>?> result, long polled)
    {
        var partition = result.TopicPartition;
        if (!_pending.TryGetValue(partition, out var work))
        {
            work = new PartitionWork(partition);
            _pending.Add(partition, work);
        }

        long offset = result.Offset.Value;
        if (work.Messages == 0)
        {
            work.FirstOffset = offset;
        }

        work.LastOffset = offset;
        work.Messages++;
        _pendingMessages++;
        if (_positions.TryGetValue(partition, out var stored) && offset <= stored)
        {
            work.Skipped++;
            return polled;
        }

        var message = result.Message;
        var reason = Decode(result.Topic, message, work, ref polled);
        if (reason is not null)
        {
            // The value lives in the consumer's reused buffer until the next Consume: the dead letter keeps a copy.
            work.DeadLetters.Add(new DeadLetter(result.TopicPartitionOffset, message.Key, message.Value?.ToArray(), message.Headers, reason));
        }

        return polled;
    }

    /// <summary>Adds the message's signals to the work, or returns why it cannot be processed.</summary>
    /// <param name="clock">The clock reading when the message's handling started; moved to the end of the decoding when the message was decoded.</param>
    private string? Decode(string topic, Message<byte[]?, ReadOnlyMemory<byte>?> message, PartitionWork work, ref long clock)
    {
        if (message.Value is not { Length: > 0 } value)
        {
            return "$: empty message";
        }

        if (value.Length > _options.MaxMessageBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"$: message of {value.Length} bytes is over {KafkaOptions.SectionName}:MaxMessageBytes ({_options.MaxMessageBytes})");
        }

        var (settings, parse, precision) = _topics[topic];
        var format = settings.Format;
        if (format == KafkaOptions.HeaderFormat)
        {
            if (message.Headers is null || !message.Headers.TryGetLastBytes(_options.FormatHeader, out var named))
            {
                return $"header {_options.FormatHeader}: required on topic {topic}, which takes its format from the header";
            }

            format = Encoding.UTF8.GetString(named);
        }

        if (!_decoders.TryGet(format, out var decoder))
        {
            return $"header {_options.FormatHeader}: unknown format '{format}' (known: {string.Join(", ", _decoders.Formats)})";
        }

        var time = message.Timestamp.Type == TimestampType.NotAvailable ? _clock.GetUtcNow() : DateTimeOffset.FromUnixTimeMilliseconds(message.Timestamp.UnixTimestampMs);
        var decoded = decoder.Decode(value, new PayloadContext(parse, time, precision));
        long decodedAt = Stopwatch.GetTimestamp();
        _decodeTicks += decodedAt - clock;
        clock = decodedAt;
        if (!decoded.IsValid)
        {
            var text = string.Join("; ", decoded.Errors);
            return text.Length <= MaxReasonChars ? text : text[..MaxReasonChars] + "…";
        }

        work.Signals.AddRange(decoded.Signals);
        work.Samples.AddRange(decoded.Samples);
        return null;
    }

    /// <summary>
    /// Hands the batch in hand to the sink without waiting for it (dead letters first, then one submission per
    /// partition, each after the same partition's submission in flight before it) and queues it as in flight.
    /// False when consumption must stop.
    /// </summary>
    private bool Dispatch(IConsumer<byte[]?, ReadOnlyMemory<byte>?> consumer)
    {
        HoldBackUncommitted(consumer);
        if (_pending.Count == 0)
        {
            return _state == KafkaConsumerState.Running;
        }

        var works = new List<PartitionWork>(_pending.Values);
        DropPending();
        var deadLetters = _deadLetters ?? throw new InvalidOperationException("The consumer is not running.");

        // Before anything of the batch is submitted: the submissions' positions cover the dead letters' offsets.
        // After the dead letters of the batch before, so the dead-letter topic keeps each partition's order.
        var lettered = Task.CompletedTask;
        if (works.Exists(w => w.DeadLetters.Count > 0))
        {
            lettered = SendDeadLettersAsync(works, deadLetters, _lettersTail, _abort.Token);
            _lettersTail = lettered;
        }

        var tasks = new List<Task>(works.Count + 1) { lettered };
        foreach (var work in works)
        {
            if (!work.NeedsCommit)
            {
                continue;
            }

            SubmissionLink? after = null;
            Task? before = null;
            if (_tails.TryGetValue(work.Partition, out var tail) && !tail.Done.IsCompletedSuccessfully)
            {
                (after, before) = (tail.Link, tail.Done);
            }

            var link = new SubmissionLink();
            work.Link = link;
            var done = SubmitAsync(work, lettered, after, before, _abort.Token);
            _tails[work.Partition] = (link, done);
            tasks.Add(done);
        }

        _inFlight.Enqueue(new InFlightBatch(works, Task.WhenAll(tasks)));
        return true;
    }

    /// <summary>
    /// Stores the offsets of a batch the sink has made durable — dead letters acknowledged by the broker, signals
    /// and partition offsets in the store — for the next auto-commit, and commits them. Batches are finished
    /// strictly in the order they were dispatched, so an offset never passes a batch that is not durable. False
    /// when consumption must stop (the batch failed: neither its offsets nor any later batch's are stored).
    /// </summary>
    private bool Finish(IConsumer<byte[]?, ReadOnlyMemory<byte>?> consumer, InFlightBatch batch)
    {
        if (!batch.Durable.IsCompletedSuccessfully)
        {
            var error = batch.Durable.Exception?.InnerException ?? new OperationCanceledException();
            if (error is not OperationCanceledException || !_abort.IsCancellationRequested)
            {
                // Retries are spent or the sink stopped: nothing of this batch is acknowledged, so it is read again.
                Fault(error);
            }

            _halted = true;
            return false;
        }

        AfterBatchDurable?.Invoke();
        if (_crashed)
        {
            _halted = true;
            return false;
        }

        foreach (var work in batch.Works)
        {
            if (work.Link is { } link && _tails.TryGetValue(work.Partition, out var tail) && ReferenceEquals(tail.Link, link))
            {
                _tails.Remove(work.Partition);
            }

            if (work.Abandoned)
            {
                continue;
            }

            // Never backwards: a batch of only skipped re-deliveries ends below what the store holds, and
            // lowering the position to it would let the rest of the re-delivered messages through.
            if (!_positions.TryGetValue(work.Partition, out var held) || held < work.LastOffset)
            {
                _positions[work.Partition] = work.LastOffset;
            }

            _acknowledged[work.Partition] = work.LastOffset + 1;
            _progress[work.Partition] = work.LastOffset + 1;
            try
            {
                // Also stored, so that Close and the auto-commit carry it should the explicit commit below fail.
                consumer.StoreOffset(new TopicPartitionOffset(work.Partition, work.LastOffset + 1));
            }
            catch (KafkaException error)
            {
                LogStoreOffsetFailed(error, work.Partition);
            }

            Interlocked.Add(ref _processed, work.Messages - work.Skipped);
            Interlocked.Add(ref _skipped, work.Skipped);
            Interlocked.Add(ref _deadLettered, work.DeadLetters.Count);
        }

        long started = Stopwatch.GetTimestamp();
        // One attempt: while the group rebalances the broker refuses commits; what is left is committed at the
        // next batch or, at the latest, before the partition is given up (OnRevoked).
        CommitAcknowledged(consumer, _acknowledged.Keys, TimeSpan.Zero);
        _offsetTicks += Stopwatch.GetTimestamp() - started;
        Interlocked.Exchange(ref _timings, new KafkaIngestorTimings(
            Stopwatch.GetElapsedTime(0, _consumeTicks), Stopwatch.GetElapsedTime(0, _decodeTicks), Stopwatch.GetElapsedTime(0, _sinkTicks), Stopwatch.GetElapsedTime(0, _offsetTicks))
        {
            AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - _allocatedAtStart,
        });
        return true;
    }

    /// <summary>
    /// Sends the batch's dead letters one by one, each after the broker acknowledged the one before, and only once
    /// the previous batch's dead letters (<paramref name="previous"/>) are acknowledged: a batch's first letter
    /// would otherwise overtake the previous batch's last. Fails, sending nothing, when the previous batch's failed
    /// (that batch faults the consumer, and this one is read again after it).
    /// </summary>
    private async Task SendDeadLettersAsync(List<PartitionWork> works, DeadLetterProducer deadLetters, Task previous, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(false);
        foreach (var work in works)
        {
            foreach (var letter in work.DeadLetters)
            {
                LogDeadLetter(letter.Source.Topic, letter.Source.Partition.Value, letter.Source.Offset.Value, letter.Reason);
                await _retry.ExecuteAsync(
                    static (state, ct) => new ValueTask(state.deadLetters.SendAsync(state.letter, ct)),
                    (deadLetters, letter),
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Submits one partition's work. The first attempt goes at once, tied to the submission before it
    /// (<paramref name="after"/>) so the sink never makes it durable alone; when it fails, the work waits for the
    /// submission before it to end — if that one failed, so does this one, unsubmitted — and is retried untied.
    /// </summary>
    private async Task SubmitAsync(PartitionWork work, Task deadLetters, SubmissionLink? after, Task? before, CancellationToken cancellationToken)
    {
        var link = work.Link ?? throw new InvalidOperationException("The work has no link.");
        var input = InputName(_options.GroupId, work.Partition.Topic, work.Partition.Partition.Value);
        var position = work.LastOffset.ToString(CultureInfo.InvariantCulture);
        try
        {
            await deadLetters.ConfigureAwait(false);
        }
        catch
        {
            link.MarkFailed();
            throw;
        }

        try
        {
            await _sink.SubmitAsync(new SinkSubmission(work.Signals, work.Samples, input, position, link, after), cancellationToken).ConfigureAwait(false);
            link.MarkDurable();
            return;
        }
        catch (Exception error) when (IsTransient(error) || error is PredecessorFailedException)
        {
            link.MarkFailed();
            if (before is not null)
            {
                try
                {
                    await before.ConfigureAwait(false);
                }
                catch (Exception earlier)
                {
                    throw new PredecessorFailedException("The previous batch of " + work.Partition + " did not become durable: this one is not submitted again.", earlier);
                }
            }

            if (error is not PredecessorFailedException)
            {
                LogRetry(error, 1, TimeSpan.Zero);
            }
        }
        catch
        {
            link.MarkFailed();
            throw;
        }

        try
        {
            await _retry.ExecuteAsync(
                static (state, ct) => new ValueTask(state.sink.SubmitAsync(new SinkSubmission(state.work.Signals, state.work.Samples, state.input, state.position, state.link, after: null), ct)),
                (sink: _sink, work, input, position, link),
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            link.MarkFailed();
            throw;
        }

        link.MarkDurable();
    }

    private void DropPending()
    {
        _pending.Clear();
        _pendingMessages = 0;
    }
}
