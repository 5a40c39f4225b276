using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Correlator.Testing;

public sealed partial class AlertmanagerProcess
{
    public const string ReceiverName = "correlator";

    /// <summary>An alertmanager.yml with one route to one webhook receiver that also sends resolved notifications.</summary>
    internal static string BuildConfig(Uri webhookUrl, AlertmanagerRouting routing)
    {
        var groupBy = string.Join(", ", routing.GroupBy.Select(Quote));
        var yaml = new StringBuilder()
            .AppendLine("# Written by Correlator.Testing.AlertmanagerProcess for one test.")
            .AppendLine("route:")
            .AppendLine(CultureInfo.InvariantCulture, $"  receiver: {Quote(ReceiverName)}")
            .AppendLine(CultureInfo.InvariantCulture, $"  group_by: [{groupBy}]")
            .AppendLine(CultureInfo.InvariantCulture, $"  group_wait: {Duration(routing.GroupWait)}")
            .AppendLine(CultureInfo.InvariantCulture, $"  group_interval: {Duration(routing.GroupInterval)}")
            .AppendLine(CultureInfo.InvariantCulture, $"  repeat_interval: {Duration(routing.RepeatInterval)}")
            .AppendLine("receivers:")
            .AppendLine(CultureInfo.InvariantCulture, $"  - name: {Quote(ReceiverName)}")
            .AppendLine("    webhook_configs:")
            .AppendLine(CultureInfo.InvariantCulture, $"      - url: {Quote(webhookUrl.AbsoluteUri)}")
            .AppendLine("        send_resolved: true")
            .AppendLine("        max_alerts: 0 # no limit");
        if (routing.BearerToken is { } token)
        {
            yaml.AppendLine("        http_config:")
                .AppendLine("          authorization:")
                .AppendLine("            type: Bearer")
                .AppendLine(CultureInfo.InvariantCulture, $"            credentials: {Quote(token)}");
        }

        return yaml.ToString();
    }

    // A JSON string is a valid YAML double-quoted scalar, so no value can break the document.
    private static string Quote(string value) => JsonSerializer.Serialize(value);

    // Prometheus durations: a whole number of ms, s, m or h; no fractions.
    private static string Duration(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        var milliseconds = (long)value.TotalMilliseconds;
        return milliseconds % 1000 == 0
            ? (milliseconds / 1000).ToString(CultureInfo.InvariantCulture) + "s"
            : milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
