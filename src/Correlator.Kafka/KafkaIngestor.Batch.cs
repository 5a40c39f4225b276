using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Correlator.Ingestion;

namespace Correlator.Kafka;

public sealed partial class KafkaIngestor
{
    private const int MaxReasonChars = 4000;

    /// <summary>Takes messages until the batch is full or a poll finds none waiting.</summary>
    private void Gather(IConsumer<byte[]?, byte[]?> consumer)
    {
        var timeout = _options.PollTimeout;
        while (_pendingMessages < _options.MaxBatchMessages && _state == KafkaConsumerState.Running)
        {
            ConsumeResult<byte[]?, byte[]?>? result;
            long started = Stopwatch.GetTimestamp();
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
                _consumeTicks += Stopwatch.GetTimestamp() - started;
            }

            if (result?.Message is null)
            {
                return;
            }

            Take(result);
            timeout = TimeSpan.Zero;
        }
    }

    private void Take(ConsumeResult<byte[]?, byte[]?> result)
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
            return;
        }

        var message = result.Message;
        var reason = Decode(result.Topic, message, work);
        if (reason is not null)
        {
            work.DeadLetters.Add(new DeadLetter(result.TopicPartitionOffset, message.Key, message.Value, message.Headers, reason));
        }
    }

    /// <summary>Adds the message's signals to the work, or returns why it cannot be processed.</summary>
    private string? Decode(string topic, Message<byte[]?, byte[]?> message, PartitionWork work)
    {
        var value = message.Value;
        if (value is null || value.Length == 0)
        {
            return "$: empty message";
        }

        if (value.Length > _options.MaxMessageBytes)
        {
            return string.Create(CultureInfo.InvariantCulture, $"$: message of {value.Length} bytes is over {KafkaOptions.SectionName}:MaxMessageBytes ({_options.MaxMessageBytes})");
        }

        var settings = _topics[topic];
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
        long started = Stopwatch.GetTimestamp();
        var decoded = decoder.Decode(value, new PayloadContext(_contexts[topic], time, _precisions[topic]));
        _decodeTicks += Stopwatch.GetTimestamp() - started;
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
    /// Makes the batch durable — dead letters acknowledged by the broker, signals and partition offsets in the
    /// store — then stores the offsets for the next auto-commit. False when consumption must stop.
    /// </summary>
    private bool Flush(IConsumer<byte[]?, byte[]?> consumer)
    {
        HoldBackUncommitted(consumer);
        if (_pending.Count == 0)
        {
            return _state == KafkaConsumerState.Running;
        }

        long started = Stopwatch.GetTimestamp();
        try
        {
            FlushAsync(_abort.Token).GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is not OperationCanceledException || !_abort.IsCancellationRequested)
        {
            // Retries are spent or the sink stopped: nothing of this batch is acknowledged, so it is read again.
            Fault(error);
            DropPending();
            return false;
        }
        catch (OperationCanceledException)
        {
            DropPending();
            return false;
        }

        finally
        {
            _sinkTicks += Stopwatch.GetTimestamp() - started;
        }

        AfterBatchDurable?.Invoke();
        if (_crashed)
        {
            DropPending();
            return false;
        }

        foreach (var work in _pending.Values)
        {
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

        DropPending();
        started = Stopwatch.GetTimestamp();
        // One attempt: while the group rebalances the broker refuses commits; what is left is committed at the
        // next batch or, at the latest, before the partition is given up (OnRevoked).
        CommitAcknowledged(consumer, _acknowledged.Keys, TimeSpan.Zero);
        _offsetTicks += Stopwatch.GetTimestamp() - started;
        Interlocked.Exchange(ref _timings, new KafkaIngestorTimings(
            Stopwatch.GetElapsedTime(0, _consumeTicks), Stopwatch.GetElapsedTime(0, _decodeTicks), Stopwatch.GetElapsedTime(0, _sinkTicks), Stopwatch.GetElapsedTime(0, _offsetTicks)));
        return true;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        var deadLetters = _deadLetters ?? throw new InvalidOperationException("The consumer is not running.");
        foreach (var work in _pending.Values)
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

        var commits = new List<Task>(_pending.Count);
        foreach (var work in _pending.Values)
        {
            if (work.NeedsCommit)
            {
                commits.Add(SubmitAsync(work, cancellationToken));
            }
        }

        await Task.WhenAll(commits).ConfigureAwait(false);
    }

    private async Task SubmitAsync(PartitionWork work, CancellationToken cancellationToken)
    {
        var input = InputName(_options.GroupId, work.Partition.Topic, work.Partition.Partition.Value);
        var position = work.LastOffset.ToString(CultureInfo.InvariantCulture);
        await _retry.ExecuteAsync(
            static (state, ct) => new ValueTask(state.sink.SubmitAsync(state.work.Signals, state.work.Samples, state.input, state.position, ct)),
            (sink: _sink, work, input, position),
            cancellationToken).ConfigureAwait(false);
    }

    private void DropPending()
    {
        _pending.Clear();
        _pendingMessages = 0;
    }
}
