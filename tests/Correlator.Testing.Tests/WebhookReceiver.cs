using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace Correlator.Testing.Tests;

/// <summary>A minimal HTTP endpoint on 127.0.0.1 that answers 200 and queues every JSON body posted to it.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<JsonDocument> _received = Channel.CreateUnbounded<JsonDocument>();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        var port = FreePort.Next();
        Url = new Uri($"http://127.0.0.1:{port}/webhook/");
        _listener.Prefixes.Add(Url.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public Uri Url { get; }

    /// <summary>Waits for the first posted body that <paramref name="match"/> accepts, skipping the others.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, CancellationToken ct)
    {
        await foreach (var document in _received.Reader.ReadAllAsync(ct))
        {
            if (match(document.RootElement))
            {
                return document.RootElement;
            }
        }

        throw new InvalidOperationException("The receiver stopped before a matching webhook arrived.");
    }

    public void Dispose()
    {
        _listener.Close();
        _received.Writer.TryComplete();
        _loop.GetAwaiter().GetResult();
    }

    private async Task ReceiveLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // closed
            }

            try
            {
                var document = await JsonDocument.ParseAsync(context.Request.InputStream);
                _received.Writer.TryWrite(document);
                context.Response.StatusCode = (int)HttpStatusCode.OK;
            }
            catch (JsonException)
            {
                context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
            {
                continue; // the sender went away or the listener closed mid-request
            }

            try
            {
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                // closed while answering
            }
        }
    }
}
