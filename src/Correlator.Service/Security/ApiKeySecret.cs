using System.Security.Cryptography;
using System.Text;

namespace Correlator.Service.Security;

/// <summary>
/// API keys: <c>cor_</c> followed by 32 random bytes in base64url. Only the SHA-256 of a key is stored — a key
/// has enough entropy that a slow hash adds nothing, and every ingest request checks one.
/// </summary>
internal static class ApiKeySecret
{
    public const string Prefix = "cor_";

    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>A short public id to list and revoke a key by.</summary>
    public static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(9));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
