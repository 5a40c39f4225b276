using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Correlator.Service.Http;
using Correlator.Storage;

namespace Correlator.Service.Security;

/// <summary>Who am I, accounts, API keys and the audit log. Everything here but <c>/api/me</c> is for admins.</summary>
internal static class SecurityEndpoints
{
    public static IEndpointRouteBuilder MapSecurityEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/me", (ClaimsPrincipal user) => Results.Json(
                new MeDto(user.FindFirstValue(ClaimTypes.Name) ?? "", user.FindFirstValue(ClaimTypes.Role) ?? "", user.FindFirstValue("auth") ?? "session"),
                SecurityJsonContext.Default.MeDto))
            .RequireAuthorization(Policies.Read).WithTags("Access").WithSummary("The signed-in person or key: name, role, how it authenticated.");

        var admin = routes.MapGroup("/api/admin").RequireAuthorization(Policies.Admin).WithTags("Access");
        admin.MapGet("/accounts", async (SqliteStore store, CancellationToken ct) =>
            Results.Json((await store.ListAccountsAsync(ct).ConfigureAwait(false)).Select(a => new AccountDto(a.Name, a.Role, a.CreatedAt)).ToList(),
                SecurityJsonContext.Default.ListAccountDto))
            .WithSummary("Local accounts.");
        admin.MapPost("/accounts", async (NewAccountDto body, AccountService accounts, CancellationToken ct) =>
            await accounts.CreateAsync(body.Name ?? "", body.Password ?? "", body.Role ?? "", ct).ConfigureAwait(false) is { } error
                ? Invalid(error)
                : Results.Created($"/api/admin/accounts/{body.Name}", null))
            .WithSummary("Creates a local account (name, password, role).");
        admin.MapPost("/accounts/{name}/password", async (string name, NewPasswordDto body, AccountService accounts, CancellationToken ct) =>
            await accounts.ChangePasswordAsync(name, body.Password ?? "", ct).ConfigureAwait(false) is { } error
                ? (error.StartsWith("name:", StringComparison.Ordinal) ? Results.NotFound() : Invalid(error))
                : Results.NoContent())
            .WithSummary("Sets an account's password.");
        admin.MapGet("/keys", async (SqliteStore store, CancellationToken ct) =>
            Results.Json((await store.ListApiKeysAsync(ct).ConfigureAwait(false)).Select(k => new ApiKeyDto(k.Id, k.Name, k.Role, k.CreatedAt, k.RevokedAt, null)).ToList(),
                SecurityJsonContext.Default.ListApiKeyDto))
            .WithSummary("API keys (never the keys themselves).");
        admin.MapPost("/keys", CreateKeyAsync).WithSummary("Creates an API key (name, role); the key is in this answer only.");
        admin.MapDelete("/keys/{id}", async (string id, SqliteStore store, ApiKeyDirectory directory, TimeProvider clock, CancellationToken ct) =>
            {
                var revoked = await store.RevokeApiKeyAsync(id, clock.GetUtcNow(), ct).ConfigureAwait(false);
                directory.Forget();
                return revoked ? Results.NoContent() : Results.NotFound();
            })
            .WithSummary("Revokes an API key.");
        routes.MapGet("/api/audit", async (int? limit, long? before, SqliteStore store, CancellationToken ct) =>
            {
                if (limit is < 1 or > 1000)
                {
                    return Invalid("limit: 1 to 1000");
                }

                var entries = await store.ListAuditAsync(limit ?? 100, before, ct).ConfigureAwait(false);
                return Results.Json(entries.Select(e => new AuditDto(e.Seq, e.At, e.Actor, e.Action, e.Target, e.Outcome)).ToList(),
                    SecurityJsonContext.Default.ListAuditDto);
            })
            .RequireAuthorization(Policies.Admin).WithTags("Access").WithSummary("The audit log, newest first (limit 1..1000, before = a seq for paging).");
        return routes;
    }

    private static async Task<IResult> CreateKeyAsync(NewApiKeyDto body, SqliteStore store, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
        {
            return Invalid("name: 1 to 100 characters");
        }

        if (!Roles.IsKnown(body.Role))
        {
            return Invalid($"role: '{body.Role}' is not a role; use one of {string.Join(", ", Roles.All)}");
        }

        var key = ApiKeySecret.NewKey();
        var stored = new StoredApiKey(ApiKeySecret.NewId(), body.Name, body.Role!, clock.GetUtcNow(), null);
        await store.AddApiKeyAsync(stored, ApiKeySecret.Hash(key), ct).ConfigureAwait(false);
        return Results.Json(new ApiKeyDto(stored.Id, stored.Name, stored.Role, stored.CreatedAt, null, key), SecurityJsonContext.Default.ApiKeyDto,
            statusCode: StatusCodes.Status201Created);
    }

    private static IResult Invalid(string error) => ApiProblem.Invalid("Invalid request", error);
}

internal sealed record MeDto(string Name, string Role, string Via);

internal sealed record AccountDto(string Name, string Role, DateTimeOffset CreatedAt);

internal sealed record NewAccountDto(string? Name, string? Password, string? Role);

internal sealed record NewPasswordDto(string? Password);

internal sealed record NewApiKeyDto(string? Name, string? Role);

internal sealed record ApiKeyDto(string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? Key);

internal sealed record AuditDto(long Seq, DateTimeOffset At, string Actor, string Action, string Target, string Outcome);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MeDto))]
[JsonSerializable(typeof(List<AccountDto>))]
[JsonSerializable(typeof(NewAccountDto))]
[JsonSerializable(typeof(NewPasswordDto))]
[JsonSerializable(typeof(NewApiKeyDto))]
[JsonSerializable(typeof(ApiKeyDto))]
[JsonSerializable(typeof(List<ApiKeyDto>))]
[JsonSerializable(typeof(List<AuditDto>))]
internal sealed partial class SecurityJsonContext : JsonSerializerContext;
