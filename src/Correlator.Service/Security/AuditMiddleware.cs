using System.Security.Claims;
using Correlator.Storage;

namespace Correlator.Service.Security;

/// <summary>
/// Records every action — any request that is not a read, except the ingestion of signals and metrics (data,
/// counted in /metrics, not actions of a person) — with who, when, what and the status it ended with, including
/// refused attempts. Sign-in attempts are recorded by the sign-in page itself, with the name tried.
/// </summary>
internal sealed class AuditMiddleware(RequestDelegate next, SqliteStore store, TimeProvider clock, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context).ConfigureAwait(false);
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || IsIngestion(request.Path) || request.Path.StartsWithSegments("/signin", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var actor = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.Name) ?? "?" : "anonymous";
        try
        {
            await store.AppendAuditAsync(clock.GetUtcNow(), actor, request.Method, request.Path.Value ?? "/",
                context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None).ConfigureAwait(false);
        }
        catch (StorageException ex)
        {
            AuditLog.Failed(logger, request.Method, request.Path.Value ?? "/", ex);
        }
    }

    public static bool IsIngestion(PathString path) =>
        path.StartsWithSegments("/ingest", StringComparison.OrdinalIgnoreCase) || path.Equals("/write", StringComparison.OrdinalIgnoreCase);
}

internal static partial class AuditLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record {Method} {Path} in the audit log")]
    public static partial void Failed(ILogger logger, string method, string path, Exception error);
}
