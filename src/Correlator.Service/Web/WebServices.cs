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
            headers.ContentSecurityPolicy = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            return next(context);
        });
        app.UseStatusCodePages(static context =>
        {
            // A person refused a page sees why, in words; the API and ingestion keep their bare status codes.
            var http = context.HttpContext;
            if (!Security.SecurityServices.IsPage(http.Request.Path) || http.Response.StatusCode is not (401 or 403 or 404))
            {
                return Task.CompletedTask;
            }

            var (title, text) = http.Response.StatusCode switch
            {
                401 => ("Sign-in needed", "This page needs you to <a href=\"/signin\">sign in</a>."),
                403 => ("Not allowed", "Your role does not allow this page. Ask an administrator if you need it."),
                _ => ("Not found", "There is nothing here. Go back to the <a href=\"/incidents\">incidents</a>."),
            };
            http.Response.ContentType = "text/html; charset=utf-8";
            return http.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · Correlator</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head>"
                + $"<body><main id=\"main\"><h1>{title}</h1><p>{text}</p></main></body></html>");
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
