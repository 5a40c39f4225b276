using Correlator.Service.Composition;
using Correlator.Service.Security;
using Correlator.Storage;

namespace Correlator.Service.Cli;

/// <summary>
/// <c>correlator key create NAME ROLE [--data DIR]</c>: an API key written straight into the store (for an
/// Alertmanager webhook, a Prometheus scrape or a script), printed once. The service may be running: the store
/// takes the row beside its commits.
/// </summary>
internal static class KeyCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var (positional, settings, _) = CommandLine.Parse(args);
        if (positional.Count != 3 || positional[0] != "create")
        {
            throw new UsageException("key needs: correlator key create NAME ROLE [--data DIR]   (ROLE: " + string.Join(", ", Roles.All) + ")");
        }

        var (name, role) = (positional[1], positional[2]);
        if (!Roles.IsKnown(role))
        {
            throw new UsageException($"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }

        var configuration = new ConfigurationBuilder().AddCommandLine(settings).Build();
        await using var store = await CorrelatorServices.OpenStoreAsync(configuration, CancellationToken.None).ConfigureAwait(false);
        var key = ApiKeySecret.NewKey();
        var stored = new StoredApiKey(ApiKeySecret.NewId(), name, role, TimeProvider.System.GetUtcNow(), null);
        await store.AddApiKeyAsync(stored, ApiKeySecret.Hash(key), CancellationToken.None).ConfigureAwait(false);
        await store.AppendAuditAsync(stored.CreatedAt, "cli", "create-api-key", $"{stored.Id} ({name}, {role})", "ok", CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync($"API key '{name}' (role {role}, id {stored.Id}) in {store.FilePath}:").ConfigureAwait(false);
        await output.WriteLineAsync(key).ConfigureAwait(false);
        await output.WriteLineAsync("It is shown only now. Send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'; revoke it with DELETE /api/admin/keys/" + stored.Id + ".").ConfigureAwait(false);
        return 0;
    }
}
