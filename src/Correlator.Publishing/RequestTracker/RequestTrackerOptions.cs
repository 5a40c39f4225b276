using System.ComponentModel.DataAnnotations;

namespace Correlator.Publishing.RequestTracker;

/// <summary>A Request Tracker 5 target: where it is, Correlator's token, the queues and custom fields to use.</summary>
public sealed class RequestTrackerOptions
{
    /// <summary>RT's base URL (the REST 2 API is under <c>REST/2.0/</c>), e.g. <c>http://127.0.0.1:18080</c>.</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>An RT auth token of Correlator's own user (sent as <c>Authorization: token …</c>).</summary>
    [Required]
    public string Token { get; set; } = string.Empty;

    /// <summary>Correlator's RT user name: its own changes are not mirrored back into the timeline.</summary>
    [Required]
    public string User { get; set; } = "correlator";

    [Required]
    public string IncidentQueue { get; set; } = "Incidents";

    [Required]
    public string ProblemQueue { get; set; } = "Problems";

    /// <summary>Create the queues and custom fields when they are missing (needs the rights to).</summary>
    public bool CreateMissing { get; set; } = true;

    /// <summary>Custom field holding Correlator's id (<c>incident/42</c>, <c>problem/PRB-1</c>): the idempotency key of a ticket.</summary>
    [Required]
    public string IdField { get; set; } = "CorrelatorId";

    [Required]
    public string PriorityField { get; set; } = "ItilPriority";

    [Required]
    public string ServiceField { get; set; } = "Service";

    [Required]
    public string ConfigurationItemField { get; set; } = "ConfigurationItem";

    /// <summary>How problem tickets link their incident tickets: <c>RefersTo</c> or <c>Members</c>.</summary>
    [Required]
    [RegularExpression("^(RefersTo|Members)$")]
    public string ProblemLink { get; set; } = "RefersTo";

    /// <summary>How often people's changes in RT are read back; zero turns the poll off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Transactions read per poll request.</summary>
    [Range(1, 1000)]
    public int PollPageSize { get; set; } = 100;
}
