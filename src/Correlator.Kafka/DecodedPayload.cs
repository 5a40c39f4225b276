using System.Globalization;
using Correlator.Domain;
using Correlator.Ingestion;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Kafka;

/// <summary>
/// What one message decoded to: signals (alert formats), metric samples (metric formats), or the errors that
/// send it to the dead-letter topic. A message is taken whole or not at all: one bad line of a metric message
/// parks the whole message, so that it can be fixed and replayed as it was sent.
/// </summary>
public sealed class DecodedPayload
{
    private DecodedPayload(IReadOnlyList<Signal> signals, IReadOnlyList<MetricSample> samples, IReadOnlyList<IngestError> errors)
    {
        Signals = signals;
        Samples = samples;
        Errors = errors;
    }

    public IReadOnlyList<Signal> Signals { get; }

    public IReadOnlyList<MetricSample> Samples { get; }

    public IReadOnlyList<IngestError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    public static DecodedPayload From(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new DecodedPayload(result.Signals, [], result.Errors);
    }

    /// <summary>The samples of a metric message, or its errors (each naming its line or member) when any line is bad.</summary>
    public static DecodedPayload From(LineProtocolBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!batch.HasErrors)
        {
            return batch.Points == 0
                ? Failure("$", "no metric in the message")
                : new DecodedPayload([], batch.Samples, []);
        }

        var errors = new List<IngestError>(batch.Errors.Count + 1);
        foreach (var error in batch.Errors)
        {
            errors.Add(new IngestError(string.Create(CultureInfo.InvariantCulture, $"line {error.Line}"), error.ToString()));
        }

        if (batch.ErrorCount > batch.Errors.Count)
        {
            errors.Add(new IngestError("$", string.Create(CultureInfo.InvariantCulture, $"{batch.ErrorCount - batch.Errors.Count} more bad lines not listed")));
        }

        return new DecodedPayload([], [], errors);
    }

    public static DecodedPayload Failure(string field, string message) => new([], [], [new IngestError(field, message)]);
}
