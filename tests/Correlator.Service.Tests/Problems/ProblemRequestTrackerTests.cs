using System.Net;
using System.Text.Json;
using Correlator.Service.Problems;
using Correlator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Problems;

/// <summary>
/// Issue 7's "an accepted problem suggestion → RT problem ticket linked to its incident tickets", end to end on the
/// real Request Tracker 5: incidents are ingested and published as tickets, mining proposes their recurring
/// pattern, a problem manager accepts it through the API, and the publisher creates the problem ticket.
/// </summary>
public sealed class ProblemRequestTrackerTests(RequestTrackerServer rt) : IClassFixture<RequestTrackerServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcceptedSuggestion_BecomesAnRtProblemTicket_LinkedToItsIncidentTickets()
    {
        rt.SkipIfUnavailable();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (incidentQueue, problemQueue) = ("Incidents-" + suffix, "Problems-" + suffix);
        await using var host = await ServiceHost.StartAsync(ProblemHistory.Settings(
            "Publishing:Targets:rt:Type=rt", $"Publishing:Targets:rt:RequestTracker:Url={rt.Url}", $"Publishing:Targets:rt:RequestTracker:Token={rt.CorrelatorToken}",
            $"Publishing:Targets:rt:RequestTracker:IncidentQueue={incidentQueue}", $"Publishing:Targets:rt:RequestTracker:ProblemQueue={problemQueue}",
            "Publishing:Publisher:PollInterval=00:00:00.100"));
        foreach (var hour in new[] { 0.0, 6, 12 })
        {
            await ProblemHistory.OccurAsync(host, "DiskFull", "search", "es-1", hour);
        }

        var incidents = await ProblemHistory.IncidentsOfAsync(host, "search");
        await host.App.Services.GetRequiredService<ProblemSuggestionSync>().RunAsync(Ct);
        var id = (await host.GetJsonAsync("/api/problems")).EnumerateArray().Single().GetProperty("id").GetInt64();

        using var accepted = await host.PostJsonAsync($"/api/problems/{id}/accept", "{\"note\":\"storage team\"}");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // The publisher creates the incident tickets, then the problem ticket; its reference shows in the API.
        JsonElement detail = default;
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            detail = await host.GetJsonAsync($"/api/problems/{id}");
            if (detail.GetProperty("tickets")[0].TryGetProperty("externalRef", out var reference) && reference.ValueKind == JsonValueKind.String)
            {
                break;
            }

            await Task.Delay(200, Ct);
        }

        var problemTicket = detail.GetProperty("tickets")[0].GetProperty("externalRef").GetString();
        Assert.NotNull(problemTicket);
        var found = Assert.Single(await rt.TicketsAsync(problemQueue, "CorrelatorId", $"problem/PRB-{id}"));
        Assert.Equal(problemTicket, found["id"]!.ToString());
        var ticket = (await rt.AsPersonAsync(HttpMethod.Get, "ticket/" + problemTicket))!;
        Assert.Equal("Recurring: component=search, pattern=DiskFull", ticket["Subject"]!.ToString());
        var linked = ticket["_hyperlinks"]!.AsArray().Where(l => l!["ref"]!.ToString() == "refers-to").Select(l => l!["id"]!.ToString()).Order().ToList();
        var incidentTickets = new List<string>();
        foreach (var incident in incidents)
        {
            incidentTickets.Add(Assert.Single(await rt.TicketsAsync(incidentQueue, "CorrelatorId", $"incident/{incident}"))["id"]!.ToString());
        }

        Assert.Equal(incidentTickets.Order().ToList(), linked);

        // Each incident shows its RT ticket, with a link to the ticket's page, in the API and on its page.
        using var viewer = host.CreateClient(ServiceHost.KeyOf["viewer"]);
        for (int n = 0; n < incidents.Length; n++)
        {
            var expectedUrl = new Uri(rt.Url!, "Ticket/Display.html?id=" + incidentTickets[n]).AbsoluteUri;
            var shown = Assert.Single((await host.GetJsonAsync($"/api/incidents/{incidents[n]}")).GetProperty("tickets").EnumerateArray());
            Assert.Equal("rt", shown.GetProperty("target").GetString());
            Assert.Equal(incidentTickets[n], shown.GetProperty("externalRef").GetString());
            Assert.Equal(expectedUrl, shown.GetProperty("url").GetString());
            var page = await viewer.GetStringAsync(new Uri($"/incidents/{incidents[n]}", UriKind.Relative), Ct);
            Assert.Contains($"<a href=\"{expectedUrl}\" data-ticket-target=\"rt\"", page, StringComparison.Ordinal);
        }
    }
}
