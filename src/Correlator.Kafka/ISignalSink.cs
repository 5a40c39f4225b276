using Correlator.Domain;

namespace Correlator.Kafka;

/// <summary>
/// Where the consumer hands decoded signals: the service's correlation pipeline. A chunk is durable when
/// <see cref="SubmitAsync"/> returns, with its input position written in the same store transaction.
/// </summary>
public interface ISignalSink
{
    /// <summary>The last committed position of every input, by input name.</summary>
    Task<IReadOnlyDictionary<string, string>> GetPositionsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the signals — and those the detector bank raises from the metric samples — and moves
    /// <paramref name="input"/> to <paramref name="position"/> atomically. Throws
    /// <see cref="SinkStoppedException"/> when the sink can never accept anything again; any other exception is
    /// a transient failure, retried by the caller.
    /// </summary>
    Task SubmitAsync(IReadOnlyList<Signal> signals, IReadOnlyList<MetricSample> samples, string input, string position, CancellationToken cancellationToken);
}
