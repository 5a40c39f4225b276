using Correlator.Service.Problems;

namespace Correlator.Service.Tests.Problems;

/// <summary>The hosted service mines the store by itself, every configured interval; its settings are checked.</summary>
public sealed class ProblemMiningServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Service_Enabled_MinesNewIncidentsAtTheNextInterval()
    {
        await using var host = await ServiceHost.StartAsync(
            "ProblemSuggestions:Enabled=true", "ProblemSuggestions:Interval=00:00:01", "ProblemSuggestions:Lookback=3650.00:00:00",
            "IncidentManagement:Problems:Seasonal=false");
        foreach (var hour in new[] { 0.0, 6, 12 })
        {
            await ProblemHistory.OccurAsync(host, "DiskFull", "search", "es-1", hour);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        var count = 0;
        while (DateTime.UtcNow < deadline && (count = (await host.GetJsonAsync("/api/problems")).GetArrayLength()) == 0)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(1, count);
    }

    [Theory]
    [InlineData("Interval", "00:00:00", "ProblemSuggestions:Interval")]
    [InlineData("Lookback", "-1.00:00:00", "ProblemSuggestions:Lookback")]
    [InlineData("MaxIncidents", "0", "ProblemSuggestions:MaxIncidents")]
    [InlineData("RejectedChangeFactor", "0.5", "ProblemSuggestions:RejectedChangeFactor")]
    public void Validator_BadValue_NamesTheKey(string key, string value, string named)
    {
        var options = new ProblemSuggestionOptions();
        var property = typeof(ProblemSuggestionOptions).GetProperty(key)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : Convert.ChangeType(value, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var result = new ProblemSuggestionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidExtraSignatureRule_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await ServiceHost.StartAsync("IncidentManagement:Problems:AlsoSignatures:0:Signature:0=colour");
        });

        Assert.Contains("IncidentManagement:Problems:AlsoSignatures:0:Signature: unknown field 'colour'", error.ToString(), StringComparison.Ordinal);
    }
}
