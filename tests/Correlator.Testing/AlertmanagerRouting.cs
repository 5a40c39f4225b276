namespace Correlator.Testing;

/// <summary>The route of the alertmanager.yml that <see cref="AlertmanagerProcess"/> writes: how alerts are grouped and how often a group is sent.</summary>
public sealed class AlertmanagerRouting
{
    /// <summary>Groups by alert name and service and sends quickly, so a test sees a notification within seconds.</summary>
    public static AlertmanagerRouting Default { get; } = new();

    public IReadOnlyList<string> GroupBy { get; init; } = ["alertname", "service"];

    public TimeSpan GroupWait { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan GroupInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RepeatInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>When set, the webhook sends <c>Authorization: Bearer</c> with it (Alertmanager's <c>http_config.authorization</c>).</summary>
    public string? BearerToken { get; init; }
}
