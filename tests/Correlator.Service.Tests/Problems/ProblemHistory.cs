using System.Net;
using Correlator.Testing;

namespace Correlator.Service.Tests.Problems;

/// <summary>Builds an incident history through the real ingestion path: each occurrence fires and resolves 30 minutes later.</summary>
internal static class ProblemHistory
{
    /// <summary>The settings these tests run with: mining on demand only, a lookback that reaches the test times.</summary>
    public static string[] Settings(params string[] more) =>
    [
        "ProblemSuggestions:Enabled=false",
        "ProblemSuggestions:Lookback=3650.00:00:00",
        "IncidentManagement:Problems:Seasonal=false",
        .. more,
    ];

    public static async Task OccurAsync(ServiceHost host, string name, string service, string instance, double hour)
    {
        var start = Some.At(0).AddHours(hour);
        foreach (var end in new DateTimeOffset?[] { null, start.AddMinutes(30) })
        {
            using var response = await host.PostJsonAsync("/ingest/alertmanager", Payloads.Alertmanager((name, service, instance, start, end, "major")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>The ids of the incidents whose title or service mention <paramref name="service"/>, oldest first.</summary>
    public static async Task<long[]> IncidentsOfAsync(ServiceHost host, string service)
    {
        var page = await host.GetJsonAsync("/api/incidents?limit=500&service=" + service);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Order()];
    }
}
