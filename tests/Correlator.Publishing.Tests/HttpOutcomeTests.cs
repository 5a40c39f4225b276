using System.Net;

namespace Correlator.Publishing.Tests;

public sealed class HttpOutcomeTests
{
    [Theory]
    [InlineData(400, true)]
    [InlineData(401, true)]
    [InlineData(403, true)]
    [InlineData(404, true)]
    [InlineData(422, true)]
    [InlineData(408, false)]
    [InlineData(429, false)]
    [InlineData(500, false)]
    [InlineData(502, false)]
    [InlineData(503, false)]
    public async Task EnsureSuccess_ErrorStatus_IsPermanentOnlyFor4xxOtherThan408And429(int status, bool permanent)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("{\"message\":\"No permission\"}") };

        var error = await Assert.ThrowsAsync<PublishException>(() => HttpOutcome.EnsureSuccessAsync(response, "RT POST /ticket", TimeProvider.System, TestContext.Current.CancellationToken));

        Assert.Equal(permanent, error.IsPermanent);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains("No permission", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("RT POST /ticket: " + status, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RetryAfter_SecondsOrDate_GivesTheDelay()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "7");
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        var now = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        date.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(30));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now);

        Assert.Equal(TimeSpan.FromSeconds(7), HttpOutcome.RetryAfter(seconds, clock));
        Assert.Equal(TimeSpan.FromSeconds(30), HttpOutcome.RetryAfter(date, clock));
    }
}
