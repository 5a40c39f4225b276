using System.ComponentModel.DataAnnotations;

namespace Correlator.Publishing.Email;

/// <summary>
/// An e-mail target (<c>Publishing:Targets:NAME:Email</c>): the SMTP server it sends through and who receives
/// which notice. A notice goes to the addresses of its escalation level (<see cref="LevelRecipients"/>, keyed by the
/// level name such as <c>team-lead</c> or <c>incident-manager</c>), else to <see cref="To"/>; a notice whose
/// recipient is itself an address is also sent there.
/// </summary>
public sealed class EmailOptions
{
    [Required]
    [MinLength(1)]
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>Upgrade the connection with STARTTLS before sending (the server must offer it).</summary>
    public bool UseStartTls { get; set; }

    /// <summary>SMTP AUTH user; with <see cref="Password"/>, or neither.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Required]
    [EmailAddress]
    public string From { get; set; } = string.Empty;

    /// <summary>Default recipients, for a notice whose level has no entry in <see cref="LevelRecipients"/>.</summary>
    public List<string> To { get; set; } = [];

    /// <summary>Recipients per escalation level or role name.</summary>
    public Dictionary<string, List<string>> LevelRecipients { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The effect kinds mailed; others are acknowledged and not sent (default: escalations, SLA warnings, crisis reminders).</summary>
    [MinLength(1)]
    public List<string> Kinds { get; set; } = ["incident.escalated"];

    [Required]
    public string SubjectPrefix { get; set; } = "[Correlator]";

    /// <summary>Time allowed for one message: connect, handshake and transfer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks what annotations cannot: credentials in pairs, every address well formed, someone to send to.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return "UserName and Password go together: set both or neither.";
        }

        if (To.Count == 0 && LevelRecipients.Values.All(r => r.Count == 0))
        {
            yield return "To or LevelRecipients must name at least one address.";
        }

        var check = new EmailAddressAttribute();
        foreach (var address in To.Where(a => !check.IsValid(a)))
        {
            yield return $"To holds '{address}', which is not an e-mail address.";
        }

        foreach (var (level, addresses) in LevelRecipients)
        {
            foreach (var address in addresses.Where(a => !check.IsValid(a)))
            {
                yield return $"LevelRecipients:{level} holds '{address}', which is not an e-mail address.";
            }
        }
    }
}
