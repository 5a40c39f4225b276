using System.Net;
using System.Runtime.CompilerServices;
using Correlator.Ingestion;
using Correlator.Service.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Correlator.Service.Bench;

/// <summary>
/// The reference targets of <c>bench ingest</c>'s ceiling: a bare Kestrel server in this process on a loopback port,
/// with no middleware, routing, authentication or logging, that reads each request's whole body into a pooled buffer
/// (as the service's ingest endpoints do) and answers 202. <c>/noop</c> does nothing else; <c>/parse</c> also runs the
/// production Alertmanager-webhook parser over the body and discards the signals (a body it rejects is answered 400,
/// so a run that did not parse is not mistaken for one that did). What they cost per alert is what any .NET HTTP
/// service, and one that parses like Correlator, costs on this machine with these senders.
/// </summary>
internal sealed class CeilingServer : IAsyncDisposable
{
    /// <summary>The largest body either target reads (the service's default <c>Ingestion:MaxBodyBytes</c> is smaller).</summary>
    private const long MaxBodyBytes = 64L * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly StrongBox<long> _parsed;

    private CeilingServer(WebApplication app, Uri baseAddress, StrongBox<long> parsed)
    {
        _app = app;
        BaseAddress = baseAddress;
        _parsed = parsed;
    }

    public Uri BaseAddress { get; }

    /// <summary>Signals the <c>/parse</c> target has parsed so far.</summary>
    public long Parsed => Interlocked.Read(ref _parsed.Value);

    public static async Task<CeilingServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
        });
        var app = builder.Build();
        var parsedSignals = new StrongBox<long>();
        var parser = new AlertmanagerWebhookParser(new IngestionLimits());
        app.Run(async context =>
        {
            using var body = await RequestBody.ReadPooledAsync(context.Request, MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            if (context.Request.Path.StartsWithSegments("/parse", StringComparison.Ordinal))
            {
                var parsed = parser.Parse(body.Memory, ParseContext.None);
                if (!parsed.IsValid)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                Interlocked.Add(ref parsedSignals.Value, parsed.Signals.Count);
            }

            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First()
            ?? throw new InvalidOperationException("The ceiling server has no address.");
        return new CeilingServer(app, new Uri(address + "/"), parsedSignals);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
