using System.Security.Cryptography;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Security;

/// <summary>Local accounts: sign-in checks, creation, password changes, and the first administrator.</summary>
public sealed partial class AccountService(SqliteStore store, IOptions<SecurityOptions> options, TimeProvider clock, ILogger<AccountService> logger)
{
    public const string InitialPasswordFile = "initial-admin-password.txt";

    /// <summary>The account's role when the password is right; null otherwise (same answer for an unknown name).</summary>
    public async Task<string?> CheckAsync(string name, string password, CancellationToken cancellationToken)
    {
        var found = await store.FindAccountAsync(name, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            // Spend the same time as for a real account, so response time does not reveal which names exist.
            PasswordHasher.Verify(password, PasswordHasher.Hash("no-such-account", options.Value.PasswordIterations));
            return null;
        }

        return PasswordHasher.Verify(password, found.Value.PasswordHash) ? found.Value.Account.Role : null;
    }

    /// <summary>Null when created; otherwise the reason it was refused.</summary>
    public async Task<string?> CreateAsync(string name, string password, string role, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-')))
        {
            return "name: 1 to 64 letters, digits or . _ @ -";
        }

        if (!Roles.IsKnown(role))
        {
            return $"role: '{role}' is not a role; use one of {string.Join(", ", Roles.All)}";
        }

        if (PasswordProblem(password) is { } problem)
        {
            return problem;
        }

        var hash = PasswordHasher.Hash(password, options.Value.PasswordIterations);
        return await store.AddAccountAsync(name, hash, role, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ? null
            : $"name: an account named '{name}' exists";
    }

    public async Task<string?> ChangePasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        if (PasswordProblem(password) is { } problem)
        {
            return problem;
        }

        return await store.SetPasswordAsync(name, PasswordHasher.Hash(password, options.Value.PasswordIterations), cancellationToken).ConfigureAwait(false)
            ? null
            : $"name: there is no account named '{name}'";
    }

    /// <summary>
    /// On the first start (no account at all), creates the bootstrap administrator with a random password,
    /// writes the password to a file readable only by the service's user in the data folder, and logs how to sign in.
    /// </summary>
    public async Task EnsureAdminAsync(string dataDirectory, string signInUrl, CancellationToken cancellationToken)
    {
        if (await store.CountAccountsAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            return;
        }

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
        var name = options.Value.BootstrapAdmin;
        var hash = PasswordHasher.Hash(password, options.Value.PasswordIterations);
        if (!await store.AddAccountAsync(name, hash, Roles.Admin, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var file = Path.Combine(dataDirectory, InitialPasswordFile);
        await File.WriteAllTextAsync(file, password + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await store.AppendAuditAsync(clock.GetUtcNow(), "system", "create-account", name, "admin created on first start", cancellationToken).ConfigureAwait(false);
        Log.AdminCreated(logger, signInUrl, name, password, file);
    }

    private string? PasswordProblem(string password) =>
        password is null || password.Length < options.Value.MinPasswordLength
            ? $"password: at least {options.Value.MinPasswordLength} characters"
            : null;

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "First start: sign in at {Url} as '{Name}' with the password {Password} (also in {File}); create personal accounts, then change or remove it.")]
        public static partial void AdminCreated(ILogger logger, string url, string name, string password, string file);
    }
}
