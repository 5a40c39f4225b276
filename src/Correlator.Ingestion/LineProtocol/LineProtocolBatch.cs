using Correlator.Domain;

namespace Correlator.Ingestion.LineProtocol;

/// <summary>
/// What one or more parsed bodies gave: the numeric samples of every good line, the errors of the bad
/// ones, and counts. Reusable: <see cref="Clear"/> keeps the buffers.
/// </summary>
public sealed class LineProtocolBatch
{
    public List<MetricSample> Samples { get; } = [];

    /// <summary>The first errors (up to <see cref="LineProtocolLimits.MaxErrorsReported"/>); <see cref="ErrorCount"/> counts all.</summary>
    public List<LineError> Errors { get; } = [];

    public int ErrorCount { get; internal set; }

    /// <summary>Lines that held a point (comments and blank lines excluded), good or bad.</summary>
    public int Lines { get; internal set; }

    /// <summary>Good lines (points) read.</summary>
    public int Points { get; internal set; }

    /// <summary>String fields of good lines: valid, but not numeric, so not samples (see docs/ingestion.md).</summary>
    public int StringFieldsSkipped { get; internal set; }

    public bool HasErrors => ErrorCount > 0;

    public void Clear()
    {
        Samples.Clear();
        Errors.Clear();
        ErrorCount = 0;
        Lines = 0;
        Points = 0;
        StringFieldsSkipped = 0;
    }
}
