using System.Globalization;
using System.Net;

namespace Correlator.Publishing;

/// <summary>
/// Turns a target's HTTP answer into success or a <see cref="PublishException"/> carrying the target's own
/// error text: 4xx other than 408 and 429 are permanent; 408, 429, 5xx are transient, with Retry-After honoured.
/// </summary>
public static class HttpOutcome
{
    /// <summary>How much of an error body is kept in the message (the parked row shows it).</summary>
    public const int MaxErrorChars = 2000;

    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > MaxErrorChars)
        {
            body = body[..MaxErrorChars] + "…";
        }

        var code = (int)response.StatusCode;
        var message = $"{what}: {code} {response.ReasonPhrase}: {body}".TrimEnd(' ', ':');
        bool permanent = code is >= 400 and < 500 && response.StatusCode is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;
        throw new PublishException(message, permanent, code, RetryAfter(response, time));
    }

    /// <summary>The Retry-After header as a delay (seconds or an HTTP date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        // Some servers send a number the typed header does not parse (e.g. a fraction).
        if (response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }
}
