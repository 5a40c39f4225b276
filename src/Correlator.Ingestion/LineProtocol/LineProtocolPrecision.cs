namespace Correlator.Ingestion.LineProtocol;

/// <summary>The unit of a line-protocol timestamp (InfluxDB's <c>precision</c> query parameter).</summary>
public enum LineProtocolPrecision
{
    Nanoseconds = 0,
    Microseconds,
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
}
