using System.Collections.Concurrent;
using Correlator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Correlator.Publishing.Tests;

/// <summary>A real HTTP server on 127.0.0.1 (Kestrel) whose answers the test decides; it records every request.</summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalHttpServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<LocalHttpServer> StartAsync(Func<RecordedRequest, HttpContext, Task> handle, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new LocalHttpServer(app, new Uri($"http://127.0.0.1:{port}/"));
        app.Run(async context =>
        {
            using var reader = new MemoryStream();
            await context.Request.Body.CopyToAsync(reader, context.RequestAborted);
            var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), reader.ToArray(), DateTimeOffset.UtcNow);
            server.Requests.Enqueue(request);
            await handle(request, context);
        });
        await app.StartAsync(cancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request as the server received it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ReceivedAt)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
