using System.Text.Json;

namespace Correlator.Testing.Tests;

public sealed class AlertmanagerProcessTests
{
    private static readonly TimeSpan NotificationTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task PostAlertsAsync_FiringThenResolved_WebhookReceivesBothNotifications()
    {
        if (!AlertmanagerProcess.IsInstalled)
        {
            Assert.Skip("prometheus-alertmanager is not installed: run tests/run-tests.sh, which installs it");
        }

        // Arrange
        var ct = TestContext.Current.CancellationToken;
        using var receiver = new WebhookReceiver();
        await using var alertmanager = await AlertmanagerProcess.StartAsync(receiver.Url, AlertmanagerRouting.Default, ct);
        var alertName = "SelfTest" + Guid.NewGuid().ToString("N");
        var firing = new AlertmanagerAlert
        {
            Labels = new Dictionary<string, string> { ["alertname"] = alertName, ["service"] = "checkout", ["instance"] = "web-1" },
            Annotations = new Dictionary<string, string> { ["summary"] = "checkout is slow" },
            StartsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            GeneratorUrl = new Uri("http://prometheus.example/graph"),
        };

        // Act + Assert: firing
        await alertmanager.PostAlertsAsync([firing], ct);
        var fired = await WaitForNotificationAsync(receiver, alertName, "firing", ct);
        Assert.Equal("4", fired.GetProperty("version").GetString());
        Assert.Equal(AlertmanagerProcess.ReceiverName, fired.GetProperty("receiver").GetString());
        var alert = Assert.Single(fired.GetProperty("alerts").EnumerateArray());
        Assert.Equal("firing", alert.GetProperty("status").GetString());
        Assert.Equal("checkout", alert.GetProperty("labels").GetProperty("service").GetString());
        Assert.Equal("web-1", alert.GetProperty("labels").GetProperty("instance").GetString());
        Assert.Equal("checkout is slow", alert.GetProperty("annotations").GetProperty("summary").GetString());

        // Act + Assert: resolved
        await alertmanager.PostAlertsAsync([firing with { EndsAt = DateTimeOffset.UtcNow.AddSeconds(-1) }], ct);
        var resolved = await WaitForNotificationAsync(receiver, alertName, "resolved", ct);
        Assert.Equal("4", resolved.GetProperty("version").GetString());
        var resolvedAlert = Assert.Single(resolved.GetProperty("alerts").EnumerateArray());
        Assert.Equal("resolved", resolvedAlert.GetProperty("status").GetString());
        Assert.Equal(alertName, resolvedAlert.GetProperty("labels").GetProperty("alertname").GetString());
    }

    [Fact]
    public async Task PostAlertsRawAsync_AlertWithoutLabels_AlertmanagerAnswers422()
    {
        if (!AlertmanagerProcess.IsInstalled)
        {
            Assert.Skip("prometheus-alertmanager is not installed: run tests/run-tests.sh, which installs it");
        }

        var ct = TestContext.Current.CancellationToken;
        using var receiver = new WebhookReceiver();
        await using var alertmanager = await AlertmanagerProcess.StartAsync(receiver.Url, AlertmanagerRouting.Default, ct);

        // labels is required in the OpenAPI v2 postableAlert; schema violations are 422, not 400.
        using var response = await alertmanager.PostAlertsRawAsync("""[{"annotations":{}}]""", ct);

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task DisposeAsync_RunningProcess_StopsItAndDeletesItsFolder()
    {
        if (!AlertmanagerProcess.IsInstalled)
        {
            Assert.Skip("prometheus-alertmanager is not installed: run tests/run-tests.sh, which installs it");
        }

        var ct = TestContext.Current.CancellationToken;
        using var receiver = new WebhookReceiver();
        var alertmanager = await AlertmanagerProcess.StartAsync(receiver.Url, AlertmanagerRouting.Default, ct);
        var folder = Path.GetDirectoryName(alertmanager.ConfigPath)!;
        using var client = new HttpClient { BaseAddress = alertmanager.BaseAddress };

        await alertmanager.DisposeAsync();

        Assert.False(Directory.Exists(folder));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("-/ready", UriKind.Relative), ct));
    }

    [Fact]
    public async Task StartAsync_ConfigAlertmanagerRejects_ThrowsWithItsLog()
    {
        if (!AlertmanagerProcess.IsInstalled)
        {
            Assert.Skip("prometheus-alertmanager is not installed: run tests/run-tests.sh, which installs it");
        }

        var routing = new AlertmanagerRouting { GroupBy = ["not-a-label-name"] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => AlertmanagerProcess.StartAsync(new Uri("http://127.0.0.1:9/"), routing, TestContext.Current.CancellationToken));

        Assert.Contains("exited before it was ready", error.Message, StringComparison.Ordinal);
        Assert.Contains("not-a-label-name", error.Message, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> WaitForNotificationAsync(WebhookReceiver receiver, string alertName, string status, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(NotificationTimeout);
        try
        {
            return await receiver.WaitForAsync(
                body => body.GetProperty("status").GetString() == status
                    && body.GetProperty("commonLabels").TryGetProperty("alertname", out var name)
                    && name.GetString() == alertName,
                timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"No {status} webhook for {alertName} within {NotificationTimeout.TotalSeconds} s.");
        }
    }
}
