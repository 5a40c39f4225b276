using System.Net;

namespace Correlator.Ingestion.Influx;

/// <summary>InfluxDB refused a request; the message is InfluxDB's own (its <c>error</c> field or <c>X-Influxdb-Error</c> header).</summary>
public sealed class InfluxException : Exception
{
    public InfluxException()
    {
    }

    public InfluxException(string message)
        : base(message)
    {
    }

    public InfluxException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InfluxException(string message, HttpStatusCode? status)
        : base(message) => Status = status;

    /// <summary>The HTTP status, or null for an error reported inside a 200 query answer.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>True when repeating the request may help (5xx, 429); false for a request InfluxDB will always refuse.</summary>
    public bool IsTransient => Status is null ? false : (int)Status.Value >= 500 || Status == HttpStatusCode.TooManyRequests;
}
