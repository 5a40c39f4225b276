using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Correlator.Publishing;

/// <summary>
/// The resilience pipeline of one target, built once: retry (exponential backoff with jitter, or the target's
/// Retry-After) around a circuit breaker around a per-call timeout. Permanent errors are never retried, and a
/// Retry-After longer than <see cref="PublisherOptions.RetryMaxDelay"/> is left to the outbox (the row is deferred).
/// </summary>
internal static class PublisherPipeline
{
    public static ResiliencePipeline Build(PublisherOptions options, TimeProvider time, PublisherStats stats)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome.Exception, options)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is PublishException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
                OnRetry = _ =>
                {
                    stats.OnRetry();
                    return default;
                },
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
                OnOpened = _ =>
                {
                    stats.CircuitOpen = true;
                    return default;
                },
                OnClosed = _ =>
                {
                    stats.CircuitOpen = false;
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>A failure of the target or of the way to it, as opposed to a refusal of the request.</summary>
    public static bool IsTransient(Exception? error) => error switch
    {
        PublishException publish => !publish.IsPermanent,
        HttpRequestException or TimeoutRejectedException or BrokenCircuitException or IOException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private static bool IsRetryable(Exception? error, PublisherOptions options) =>
        IsTransient(error) && !(error is PublishException { RetryAfter: { } wait } && wait > options.RetryMaxDelay);
}
