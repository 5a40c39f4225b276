using System.ComponentModel.DataAnnotations;

namespace Correlator.Publishing.ServiceNow;

/// <summary>A ServiceNow instance reached through its Table API (<c>/api/now/table/…</c>) with basic authentication.</summary>
public sealed class ServiceNowOptions
{
    /// <summary>The instance, e.g. <c>https://example.service-now.com</c>.</summary>
    [Required]
    public Uri? Url { get; set; }

    [Required]
    public string User { get; set; } = string.Empty;

    [Required]
    public string Password { get; set; } = string.Empty;

    /// <summary>The resolution code sent when an incident is resolved (a choice of <c>incident.close_code</c> on the instance).</summary>
    [Required]
    public string CloseCode { get; set; } = "Solution provided";

    /// <summary>The <c>hold_reason</c> choice sent when an incident goes on hold (1 = Awaiting Caller in the base system).</summary>
    [Required]
    public string HoldReason { get; set; } = "1";

    /// <summary>Set <c>cmdb_ci</c> from the configuration item's name (sent with <c>sysparm_input_display_value=true</c>).</summary>
    public bool SetConfigurationItem { get; set; } = true;
}
