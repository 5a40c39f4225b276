using System.Globalization;
using Confluent.Kafka;

namespace Correlator.Kafka;

public sealed partial class KafkaIngestor
{
    /// <summary>How long to wait between two commit attempts while a revoked partition's offset has not landed.</summary>
    private static readonly TimeSpan CommitRetryPause = TimeSpan.FromMilliseconds(100);

    /// <summary>Reads the store's offset of each new partition, so re-delivered messages it already holds are skipped.</summary>
    private void OnAssigned(List<TopicPartition> partitions)
    {
        LogAssigned(partitions);
        foreach (var partition in partitions)
        {
            // A partition that comes back starts from the group's committed offset: forget the last ownership.
            _acknowledged.Remove(partition);
            _committed.Remove(partition);
        }

        try
        {
            // librdkafka calls this on the consumer thread, inside Consume: blocking here is its contract.
            var stored = _sink.GetPositionsAsync(_abort.Token).GetAwaiter().GetResult();
            foreach (var partition in partitions)
            {
                var input = InputName(_options.GroupId, partition.Topic, partition.Partition.Value);
                if (stored.TryGetValue(input, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset))
                {
                    _positions[partition] = offset;
                }
                else
                {
                    _positions.Remove(partition);
                }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Without the store's offsets a re-delivery could be stored twice: stop rather than risk it.
            Fault(error);
        }
    }

    /// <summary>
    /// Before the partitions move: messages taken from them but not yet processed are left to the next owner
    /// (nothing of them is stored), and the offsets of everything processed are committed, because the next
    /// owner may keep a store of its own and then only the group's committed offset tells it where this member
    /// stopped. The commit is retried (up to <see cref="KafkaOptions.RevokeCommitTimeout"/>) only for transport
    /// failures: a refusal by the group (rebalance in progress, stale generation, unknown member) cannot clear
    /// while this callback runs — librdkafka rejoins only after it returns — and waiting would get this member
    /// evicted, its other partitions lost as well (the cause of the duplicates the CI runs saw). Processing is
    /// gated on commits (<see cref="HoldBackUncommitted"/>), so a refused commit here leaves at most
    /// <see cref="KafkaOptions.MaxBatchesInFlight"/> batches per partition that a next owner with its own store reads
    /// again; that is logged as an error. The batches in flight are drained first (waited for, their offsets stored
    /// in order as far as durable), so the partition never moves while a batch of it may still become durable.
    /// </summary>
    private void OnRevoked(IConsumer<byte[]?, ReadOnlyMemory<byte>?> consumer, List<TopicPartitionOffset> partitions)
    {
        LogRevoked(partitions);

        // The batches in flight end first (their offsets stored and committed in order, as far as durable): the
        // next owner must not read what a batch of this member is still making durable.
        Drain(consumer, store: !_crashed);
        var revoked = new List<TopicPartition>(partitions.Count);
        foreach (var partition in partitions)
        {
            revoked.Add(partition.TopicPartition);
            if (_pending.Remove(partition.TopicPartition, out var work))
            {
                _pendingMessages -= work.Messages;
            }

            _positions.Remove(partition.TopicPartition);
        }

        if (!_crashed && !CommitAcknowledged(consumer, revoked, _options.RevokeCommitTimeout))
        {
            foreach (var partition in revoked)
            {
                if (IsUncommitted(partition))
                {
                    Interlocked.Increment(ref _handedOverUncommitted);
                    LogRevokedUncommitted(partition, _committed.TryGetValue(partition, out var committed) ? committed : -1, _acknowledged[partition]);
                }
            }
        }

        foreach (var partition in revoked)
        {
            _acknowledged.Remove(partition);
            _committed.Remove(partition);
            _progress.TryRemove(partition, out _);
        }
    }

    /// <summary>Whether the partition has durable messages whose offset the group has not accepted yet.</summary>
    private bool IsUncommitted(TopicPartition partition) =>
        _acknowledged.TryGetValue(partition, out var next) && (!_committed.TryGetValue(partition, out var committed) || committed < next);

    /// <summary>
    /// Commit gate, before a batch is made durable: a partition whose previous batch is durable but not yet
    /// committed (the group refused the commit — it does while rebalancing) gets one more commit attempt; if
    /// the group still refuses, the batch's messages of that partition are not processed but put back (seek to
    /// the first of them), to be read again once the commit lands or by the partition's next owner. So a member
    /// never runs more than <see cref="KafkaOptions.MaxBatchesInFlight"/> batches per partition ahead of the group's
    /// committed offset (the batches in flight become durable meanwhile), and stores nothing
    /// new while the group rebalances — a partition that moves then carries at most that one batch uncommitted.
    /// </summary>
    private void HoldBackUncommitted(IConsumer<byte[]?, ReadOnlyMemory<byte>?> consumer)
    {
        List<TopicPartition>? behind = null;
        foreach (var partition in _pending.Keys)
        {
            if (IsUncommitted(partition))
            {
                (behind ??= []).Add(partition);
            }
        }

        if (behind is null || CommitAcknowledged(consumer, behind, TimeSpan.Zero))
        {
            _gateClosedSince = null;
            return;
        }

        long now = Environment.TickCount64;
        _gateClosedSince ??= now;
        if (now - _gateClosedSince.Value > (long)_options.CommitGateTimeout.TotalMilliseconds)
        {
            // Not a rebalance any more: stop visibly (offsets of the batch in hand not stored; it is read again).
            Fault(new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"the group refused the offset commit of {string.Join(", ", behind)} for longer than {KafkaOptions.SectionName}:CommitGateTimeout ({_options.CommitGateTimeout})")));
            DropPending();
            return;
        }

        foreach (var partition in behind)
        {
            if (!_pending.Remove(partition, out var work))
            {
                continue;
            }

            _pendingMessages -= work.Messages;
            Interlocked.Add(ref _heldBack, work.Messages);
            try
            {
                consumer.Seek(new TopicPartitionOffset(partition, work.FirstOffset));
            }
            catch (KafkaException error)
            {
                // Not fetching any more (revoked meanwhile): the next owner starts from the committed offset anyway.
                LogSeekFailed(error, partition, work.FirstOffset);
            }
        }

        // The group is rebalancing: give it a moment rather than spinning on the same messages.
        _abort.Token.WaitHandle.WaitOne(CommitRetryPause);
    }

    /// <summary>
    /// Commits (synchronously) the offset after the last durable message of each partition named, where it is
    /// ahead of what the group holds. Transport failures are retried for up to <paramref name="patience"/>; a
    /// refusal by the group (see <see cref="IsGroupRefusal"/>) ends the attempt at once. True when all landed.
    /// </summary>
    private bool CommitAcknowledged(IConsumer<byte[]?, ReadOnlyMemory<byte>?> consumer, IEnumerable<TopicPartition> partitions, TimeSpan patience)
    {
        var offsets = new List<TopicPartitionOffset>();
        foreach (var partition in partitions)
        {
            if (IsUncommitted(partition))
            {
                offsets.Add(new TopicPartitionOffset(partition, _acknowledged[partition]));
            }
        }

        if (offsets.Count == 0)
        {
            return true;
        }

        long deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                consumer.Commit(offsets);
                foreach (var offset in offsets)
                {
                    _committed[offset.TopicPartition] = offset.Offset.Value;
                }

                return true;
            }
            catch (KafkaException error)
            {
                bool again = Environment.TickCount64 < deadline && !_abort.IsCancellationRequested && !error.Error.IsFatal && !IsGroupRefusal(error);
                LogCommitFailed(error, offsets.Count, attempt, again);
                if (!again)
                {
                    return false;
                }

                // Waits on the consumer thread (inside the rebalance callback when revoking), as librdkafka expects.
                _abort.Token.WaitHandle.WaitOne(CommitRetryPause);
            }
        }
    }

    /// <summary>
    /// The group coordinator refused the commit because of the membership (rebalancing, stale generation, member
    /// unknown or fenced): only a rejoin cures it, and a rejoin waits for the consumer thread.
    /// </summary>
    private static bool IsGroupRefusal(KafkaException error)
    {
        if (IsGroupRefusal(error.Error.Code))
        {
            return true;
        }

        return error is TopicPartitionOffsetException partial && partial.Results.Any(r => IsGroupRefusal(r.Error.Code));
    }

    private static bool IsGroupRefusal(ErrorCode code) =>
        code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.FencedInstanceId
            or ErrorCode.Local_AssignmentLost or ErrorCode.Local_State;

    /// <summary>The partitions are already someone else's: drop their work in hand (and in flight) unacknowledged.</summary>
    private void OnLost(IConsumer<byte[]?, ReadOnlyMemory<byte>?> consumer, List<TopicPartitionOffset> partitions)
    {
        LogLost(partitions);

        // Work of the lost partitions in flight is waited for (it must not land behind the next owner's back more
        // than it already may) but its offsets are not stored; the other partitions' batches finish as usual.
        AbandonInFlight(partitions.Select(p => p.TopicPartition));
        Drain(consumer, store: !_crashed);
        foreach (var partition in partitions)
        {
            if (_pending.Remove(partition.TopicPartition, out var work))
            {
                _pendingMessages -= work.Messages;
            }

            if (IsUncommitted(partition.TopicPartition))
            {
                Interlocked.Increment(ref _handedOverUncommitted);
                // The group never learnt these offsets: an owner sharing this store skips them, one with a store of its own does not.
                LogLostUncommitted(partition.TopicPartition, _acknowledged[partition.TopicPartition]);
            }

            _positions.Remove(partition.TopicPartition);
            _acknowledged.Remove(partition.TopicPartition);
            _committed.Remove(partition.TopicPartition);
            _progress.TryRemove(partition.TopicPartition, out _);
        }
    }
}
