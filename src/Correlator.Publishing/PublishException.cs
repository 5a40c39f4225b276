namespace Correlator.Publishing;

/// <summary>A delivery failed; <see cref="IsPermanent"/> says whether trying again can help.</summary>
public class PublishException : Exception
{
    public PublishException()
    {
    }

    public PublishException(string message)
        : base(message)
    {
    }

    public PublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PublishException(string message, bool isPermanent, int? statusCode = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        IsPermanent = isPermanent;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>The target refused the request itself (a 4xx other than 408 and 429): the row is parked.</summary>
    public bool IsPermanent { get; }

    public int? StatusCode { get; }

    /// <summary>How long the target asked us to wait (Retry-After of a 429 or 503).</summary>
    public TimeSpan? RetryAfter { get; }
}
