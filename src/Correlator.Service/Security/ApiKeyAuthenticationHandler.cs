using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Correlator.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> against the keys of the
/// configuration and of the store. A key found in the store is trusted for <see cref="SecurityOptions.ApiKeyCacheTime"/>
/// before it is looked up again, so ingestion does not pay a query per request.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public static bool HasKey(HttpRequest request) => KeyOf(request) is not null;

    /// <summary>
    /// The key a request carries: <c>X-Api-Key</c>, <c>Authorization: Bearer</c>, or — for InfluxDB clients such as
    /// Telegraf and Grafana, unchanged — <c>Authorization: Token</c> or HTTP Basic with the key as the password.
    /// </summary>
    public static string? KeyOf(HttpRequest request)
    {
        string? key = request.Headers["X-Api-Key"];
        if (!string.IsNullOrEmpty(key))
        {
            return key;
        }

        var authorization = request.Headers.Authorization.ToString();
        foreach (var scheme in (string[])["Bearer ", "Token "])
        {
            if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return authorization[scheme.Length..].Trim();
            }
        }

        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 ? pair[(colon + 1)..] : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = KeyOf(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = await directory.FindAsync(key, Context.RequestAborted).ConfigureAwait(false);
        if (identity is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var claims = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, identity.Value.Name), new Claim(ClaimTypes.Role, identity.Value.Role), new Claim("auth", "api-key")],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(claims), SchemeName));
    }
}

/// <summary>Finds the holder of an API key: configured keys first, then the store, with a short cache.</summary>
internal sealed class ApiKeyDirectory(SqliteStore store, IOptions<SecurityOptions> options, TimeProvider clock)
{
    private readonly Dictionary<string, (string Name, string Role)> _configured = options.Value.ApiKeys
        .ToDictionary(k => ApiKeySecret.Hash(k.Key), k => ("key:" + k.Name, k.Role), StringComparer.Ordinal);

    /// <summary>How many entries each cache holds before it is emptied (unknown keys from a scanner must not grow it for ever).</summary>
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, ((string Name, string Role)? Holder, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Valid key → its SHA-256 (hex): a sender repeats one key on every request, so the hash is computed once, not per
    /// request. Only keys that named a holder are remembered (a scanner's guesses neither churn nor fill it); the hash
    /// of a key never changes, so this needs no expiry: revocation acts on <see cref="_cache"/>.
    /// </summary>
    private readonly ConcurrentDictionary<string, string> _hashes = new(StringComparer.Ordinal);

    /// <summary>How many valid keys have their hash remembered (for tests).</summary>
    internal int RememberedHashes => _hashes.Count;

    public async Task<(string Name, string Role)?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var hash = HashOf(key);
        if (_configured.TryGetValue(hash, out var configured))
        {
            Remember(key, hash);
            return configured;
        }

        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Holder;
        }

        var stored = await store.FindApiKeyAsync(hash, cancellationToken).ConfigureAwait(false);
        (string, string)? holder = stored is { RevokedAt: null } ? ("key:" + stored.Name, stored.Role) : null;
        if (_cache.Count > MaxCached)
        {
            _cache.Clear();
        }

        _cache[hash] = (holder, now + options.Value.ApiKeyCacheTime);
        if (holder is not null)
        {
            Remember(key, hash);
        }

        return holder;
    }

    /// <summary>The SHA-256 of <paramref name="key"/>: remembered when the key was valid before, else computed.</summary>
    internal string HashOf(string key) => _hashes.TryGetValue(key, out var hash) ? hash : ApiKeySecret.Hash(key);

    private void Remember(string key, string hash)
    {
        if (_hashes.Count >= MaxCached && !_hashes.ContainsKey(key))
        {
            _hashes.Clear();
        }

        _hashes[key] = hash;
    }

    /// <summary>Forgets a key at once (after a revocation through this instance).</summary>
    public void Forget() => _cache.Clear();
}
