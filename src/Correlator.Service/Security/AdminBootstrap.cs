using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Security;

/// <summary>Creates the first administrator when the store has no account, before the service takes requests.</summary>
internal sealed class AdminBootstrap(AccountService accounts, IOptions<StorageOptions> storage, IConfiguration configuration) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var url = (configuration["Urls"] ?? "http://127.0.0.1:5080").Split(';')[0].TrimEnd('/') + "/signin";
        var folder = Path.GetDirectoryName(Path.GetFullPath(storage.Value.FilePath)) ?? ".";
        return accounts.EnsureAdminAsync(folder, url, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
