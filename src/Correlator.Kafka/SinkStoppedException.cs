namespace Correlator.Kafka;

/// <summary>The sink has stopped for good (the correlation loop ended): retrying cannot help.</summary>
public sealed class SinkStoppedException : Exception
{
    public SinkStoppedException()
    {
    }

    public SinkStoppedException(string message)
        : base(message)
    {
    }

    public SinkStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
