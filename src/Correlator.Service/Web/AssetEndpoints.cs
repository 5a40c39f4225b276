using System.Reflection;

namespace Correlator.Service.Web;

/// <summary>The pages' stylesheet and script, embedded in the executable and served from it (no CDN, nothing to deploy).</summary>
internal static class AssetEndpoints
{
    private static readonly Dictionary<string, (byte[] Body, string ContentType)> Assets = Load();

    public static IEndpointRouteBuilder MapAssetEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/assets/{name}", (string name, HttpContext context) =>
            {
                if (!Assets.TryGetValue(name, out var asset))
                {
                    return Results.NotFound();
                }

                context.Response.Headers.CacheControl = "public, max-age=300";
                return Results.Bytes(asset.Body, asset.ContentType);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return routes;
    }

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var result = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("app.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream("Correlator.Service.Web.Assets." + name)
                ?? throw new InvalidOperationException($"The asset {name} is not embedded.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            result[name] = (copy.ToArray(), type);
        }

        return result;
    }
}
