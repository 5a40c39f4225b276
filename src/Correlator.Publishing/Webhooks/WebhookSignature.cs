using System.Security.Cryptography;
using System.Text;

namespace Correlator.Publishing.Webhooks;

/// <summary><c>X-Correlator-Signature: sha256=&lt;lower-case hex HMAC-SHA256 of the exact body bytes, keyed with the secret's UTF-8&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Correlator-Signature";

    public static string Sign(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Checks a received header against the body in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? header)
    {
        if (header is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(body, secret));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(header));
    }
}
