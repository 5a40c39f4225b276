namespace Correlator.Ingestion;

/// <summary>One problem found in a payload, precise enough for the sender to fix it.</summary>
/// <param name="Field">The JSON path of the value at fault, e.g. <c>alerts[3].labels.alertname</c>, or <c>$</c> for the whole body.</param>
/// <param name="Message">What is wrong with it, e.g. <c>"yesterday" is not an RFC 3339 time</c>.</param>
public sealed record IngestError(string Field, string Message)
{
    public override string ToString() => Field + ": " + Message;
}
