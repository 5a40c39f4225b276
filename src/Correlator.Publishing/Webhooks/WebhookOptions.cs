using System.ComponentModel.DataAnnotations;

namespace Correlator.Publishing.Webhooks;

/// <summary>Where a webhook target posts its events and the secret that signs them.</summary>
public sealed class WebhookOptions
{
    [Required]
    public Uri? Url { get; set; }

    /// <summary>The HMAC-SHA256 key of the <c>X-Correlator-Signature</c> header; at least 16 characters.</summary>
    [Required]
    [MinLength(16)]
    public string Secret { get; set; } = string.Empty;
}
