using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Correlator.Service.Tests.Bench;

/// <summary>
/// A real Kestrel server for <see cref="Correlator.Service.Bench.RawHttpConnection"/>'s tests: <c>/ok</c> answers 202
/// with no body, <c>/length/N</c> N bytes with a Content-Length, <c>/chunked/N</c> N bytes chunked (flushed every
/// 1,000), <c>/status/CODE</c> that status with a short body, <c>/closing</c> 200 and <c>Connection: close</c>,
/// <c>/abort</c> drops the connection unanswered. It keeps the last request's body and headers and the connections seen.
/// </summary>
internal sealed class RawHttpTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RawHttpTestServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public ConcurrentDictionary<string, int> Connections { get; } = new(StringComparer.Ordinal);

    public byte[] LastBody { get; private set; } = [];

    public string? LastContentType { get; private set; }

    public string? LastAuthorization { get; private set; }

    public static async Task<RawHttpTestServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new RawHttpTestServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address + "/");
        return server;
    }

    public Uri At(string path) => new(BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Connections.AddOrUpdate(context.Connection.Id, 1, (_, n) => n + 1);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        (LastBody, LastContentType, LastAuthorization) = (body.ToArray(), context.Request.ContentType, context.Request.Headers.Authorization.ToString());
        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        int number = segments.Length > 1 ? int.Parse(segments[1], CultureInfo.InvariantCulture) : 0;
        var response = context.Response;
        switch (segments[0])
        {
            case "ok":
                response.StatusCode = StatusCodes.Status202Accepted;
                break;
            case "length":
                response.ContentLength = number;
                await response.Body.WriteAsync(Filler(number), context.RequestAborted);
                break;
            case "chunked":
                for (int sent = 0; sent < number; sent += 1000)
                {
                    await response.Body.WriteAsync(Filler(Math.Min(1000, number - sent)), context.RequestAborted);
                    await response.Body.FlushAsync(context.RequestAborted);
                }

                break;
            case "status":
                response.StatusCode = number;
                response.Headers.RetryAfter = "0";
                await response.WriteAsync("error body for " + number.ToString(CultureInfo.InvariantCulture), context.RequestAborted);
                break;
            case "closing":
                response.Headers.Connection = "close";
                break;
            case "abort":
                context.Abort();
                break;
        }
    }

    private static byte[] Filler(int count) => Encoding.ASCII.GetBytes(new string('x', count));
}
