using Correlator.Service.Security;

namespace Correlator.Service.Web;

/// <summary>The web side: access control, the server-rendered pages, their assets and security headers.</summary>
internal static class WebServices
{
    public static IServiceCollection AddCorrelatorWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCorrelatorSecurity(configuration);
        services.AddHostedService<AdminBootstrap>();
        services.AddRazorPages(o => o.RootDirectory = "/Web/Pages");
        return services;
    }

    /// <summary>The middleware, in order: headers, audit, authentication, authorization, antiforgery.</summary>
    public static WebApplication UseCorrelatorWeb(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            return next(context);
        });
        app.UseMiddleware<AuditMiddleware>(); // outside authorization, so refused attempts are recorded too
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapCorrelatorPages(this WebApplication app)
    {
        app.MapAssetEndpoints();
        app.MapRazorPages();
        app.MapGet("/", () => Results.Redirect("/incidents")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
