using Correlator.Domain;

namespace Correlator.Ingestion;

/// <summary>
/// Turns one payload in a monitoring tool's wire format into domain <see cref="Signal"/>s; shared by the
/// HTTP endpoints and the queue consumers, so it knows nothing of transports.
/// </summary>
public interface ISignalParser
{
    /// <summary>The short name of the wire format, e.g. <c>alertmanager</c>.</summary>
    string Format { get; }

    /// <summary>
    /// Parses a UTF-8 JSON payload. All or nothing: when any part is invalid the result holds no signals
    /// and every error found (up to <see cref="ParseResult.MaxErrors"/>). Never throws for bad input.
    /// </summary>
    ParseResult Parse(ReadOnlyMemory<byte> utf8, ParseContext context);
}
