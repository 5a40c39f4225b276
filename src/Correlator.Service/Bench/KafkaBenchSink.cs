namespace Correlator.Service.Bench;

/// <summary>Where a <c>bench kafka</c> stream ends: the ceiling of the consumer and the parser beside the full path.</summary>
internal enum KafkaBenchSink
{
    /// <summary>The service's path: parse, correlation, SQLite commit, offsets.</summary>
    Full,

    /// <summary>The same consumer and parsers; the signals are dropped instead of stored, offsets stored at once.</summary>
    Parse,

    /// <summary>The same consumer; each message is taken as read without parsing it, offsets stored at once.</summary>
    None,
}
