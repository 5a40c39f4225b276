namespace Correlator.Service.Bench;

/// <summary>What a <see cref="RawHttpConnection"/> read back: the status, a <c>Retry-After</c> in seconds, and the start of the body when not 2xx.</summary>
internal readonly record struct RawResponse(int StatusCode, TimeSpan? RetryAfter, string? ErrorBody)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
