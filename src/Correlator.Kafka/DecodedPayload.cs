using Correlator.Domain;
using Correlator.Ingestion;

namespace Correlator.Kafka;

/// <summary>
/// What one message decoded to: signals, or the errors that send it to the dead-letter topic. Metric formats
/// (line protocol, JSON samples) will add their samples here when the metric stage exists; until then a
/// decoder returns signals only.
/// </summary>
public sealed class DecodedPayload
{
    private DecodedPayload(IReadOnlyList<Signal> signals, IReadOnlyList<IngestError> errors)
    {
        Signals = signals;
        Errors = errors;
    }

    public IReadOnlyList<Signal> Signals { get; }

    public IReadOnlyList<IngestError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    public static DecodedPayload From(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new DecodedPayload(result.Signals, result.Errors);
    }

    public static DecodedPayload Failure(string field, string message) => new([], [new IngestError(field, message)]);
}
