using Correlator.Ingestion.Influx;
using Correlator.Testing;

namespace Correlator.Ingestion.Tests.Influx;

/// <summary>One real influxd shared by a test class; each test uses its own database.</summary>
public sealed class InfluxServer : IAsyncLifetime
{
    private int _databases;

    public InfluxProcess? Process { get; private set; }

    public HttpClient Http { get; } = new();

    public InfluxClient Client(bool gzip = true) =>
        new(Http, new InfluxClientOptions { Url = Process?.BaseAddress ?? throw new InvalidOperationException(InfluxProcess.NotInstalledMessage), Gzip = gzip });

    public async Task<string> NewDatabaseAsync()
    {
        var name = "db" + Interlocked.Increment(ref _databases);
        await Process!.CreateDatabaseAsync(name, TestContext.Current.CancellationToken);
        return name;
    }

    public async ValueTask InitializeAsync()
    {
        if (InfluxProcess.IsInstalled)
        {
            Process = await InfluxProcess.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }
    }

    public void SkipUnlessRunning()
    {
        if (Process is null)
        {
            Assert.Skip(InfluxProcess.NotInstalledMessage);
        }
    }
}
