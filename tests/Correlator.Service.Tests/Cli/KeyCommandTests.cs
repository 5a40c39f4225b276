using System.Net;
using Correlator.Testing;

namespace Correlator.Service.Tests.Cli;

/// <summary><c>correlator key create</c>: a key written into a data folder works against the service on that folder.</summary>
public sealed class KeyCommandTests
{
    [Fact]
    public async Task KeyCreate_IngestKey_IsAcceptedForIngestion_AndRefusedForReading()
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "key", "create", "alertmanager", "ingest", "--data", "data");

        Assert.True(result.ExitCode == 0, result.ToString());
        var key = result.StandardOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("cor_", StringComparison.Ordinal));
        await using var host = await ServiceHost.StartOnAsync(Path.Combine(temp.Path, "data"));
        using var client = host.CreateClient(key);
        using var ingest = await client.PostAsync("/ingest/events",
            new StringContent("""{"source":"nagios","name":"PING","time":"2026-03-02T10:00:00Z"}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        using var read = await client.GetAsync("/api/incidents", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task KeyCreate_UnknownRole_ExitsTwoNamingTheRoles()
    {
        using var temp = new TempDirectory("cli");

        var result = await CorrelatorProcess.RunAsync(temp.Path, "key", "create", "x", "root", "--data", "data");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'root' is not a role", result.StandardError, StringComparison.Ordinal);
    }
}
