using System.ComponentModel.DataAnnotations;

namespace Correlator.Service.Security;

/// <summary>Access control settings (section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>PBKDF2-HMAC-SHA256 iterations for new password hashes (OWASP's 2023 advice is 600,000); stored hashes keep their own count.</summary>
    [Range(1_000, 10_000_000)]
    public int PasswordIterations { get; set; } = 600_000;

    [Range(8, 256)]
    public int MinPasswordLength { get; set; } = 12;

    /// <summary>How long a browser session lasts without activity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The account created with a random password on first start, when there is none.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._@-]{1,64}$")]
    public string BootstrapAdmin { get; set; } = "admin";

    /// <summary>How long a looked-up API key is trusted before the store is asked again (bounds how late a revocation acts).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ApiKeyCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Keys given by configuration (environment, secrets) rather than created through the API, e.g. for an
    /// Alertmanager webhook: <c>Security:ApiKeys:0:Name</c>, <c>:Role</c>, <c>:Key</c> (at least 24 characters).
    /// </summary>
    public IList<ConfiguredApiKey> ApiKeys { get; } = [];
}

public sealed class ConfiguredApiKey
{
    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    public string Key { get; set; } = "";
}
