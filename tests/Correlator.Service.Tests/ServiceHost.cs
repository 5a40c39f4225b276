using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Correlator.Service.Composition;
using Correlator.Service.Pipeline;
using Correlator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests;

/// <summary>The real service on Kestrel, bound to a free loopback port, with its own data folder; restartable on that folder.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly TempDirectory? _ownedData;
    private readonly string[] _settings;
    private WebApplication? _app;

    private ServiceHost(string dataDirectory, TempDirectory? ownedData, string[] settings)
    {
        DataDirectory = dataDirectory;
        _ownedData = ownedData;
        _settings = settings;
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>A client that sends <see cref="AdminKey"/>: tests act as an administrator unless they say otherwise.</summary>
    public HttpClient Client { get; private set; } = new();

    /// <summary>The configured API key of each role (<c>Security:ApiKeys</c>), so tests can act as any role.</summary>
    public static IReadOnlyDictionary<string, string> KeyOf { get; } = new Dictionary<string, string>
    {
        ["admin"] = "test-admin-key-0123456789abcdef",
        ["viewer"] = "test-viewer-key-0123456789abcdef",
        ["incident-manager"] = "test-incident-manager-key-0123456789",
        ["problem-manager"] = "test-problem-manager-key-0123456789",
        ["ingest"] = "test-ingest-key-0123456789abcdef",
    };

    public static string AdminKey => KeyOf["admin"];

    /// <summary>A client without credentials (or with the key given), for access-control tests.</summary>
    public HttpClient CreateClient(string? apiKey = null, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = BaseAddress;
        client.Timeout = TimeSpan.FromSeconds(60);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    public WebApplication App => _app ?? throw new InvalidOperationException("The host is not running.");

    public SignalPipeline Pipeline => App.Services.GetRequiredService<SignalPipeline>();

    /// <summary>Starts the service; settings are <c>Section:Key=value</c> pairs on top of test defaults.</summary>
    public static async Task<ServiceHost> StartAsync(params string[] settings) => await StartOnAsync(null, settings);

    /// <summary>Starts the service on an existing data folder (null: a new temporary one).</summary>
    public static async Task<ServiceHost> StartOnAsync(string? dataDirectory, params string[] settings)
    {
        var owned = dataDirectory is null ? new TempDirectory() : null;
        var host = new ServiceHost(dataDirectory ?? owned!.Path, owned, settings);
        await host.RestartAsync();
        return host;
    }

    /// <summary>Stops the service gracefully (the way a deployment restarts it), and starts it again on the same data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--Storage:DataDirectory=" + DataDirectory,
            "--Pipeline:AdvanceWithClock=false",
            "--Logging:LogLevel:Default=Warning",
            "--Security:PasswordIterations=1000",
        };
        var index = 0;
        foreach (var (role, key) in KeyOf)
        {
            args.Add($"--Security:ApiKeys:{index}:Name=test-{role}");
            args.Add($"--Security:ApiKeys:{index}:Role={role}");
            args.Add($"--Security:ApiKeys:{index}:Key={key}");
            index++;
        }

        args.AddRange(_settings.Select(s => "--" + s));
        _app = await CorrelatorApp.BuildAsync([.. args]);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Client = CreateClient(AdminKey);
    }

    public async Task StopAsync()
    {
        if (_app is null)
        {
            return;
        }

        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _app = null;
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, string contentType = "application/json") =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, contentType), TestContext.Current.CancellationToken);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _ownedData?.Dispose();
    }
}
