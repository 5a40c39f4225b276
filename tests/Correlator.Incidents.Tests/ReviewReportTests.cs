using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Incidents.Tests;

public sealed class ReviewReportTests
{
    private static readonly DateTimeOffset T0 = Build.Monday9;

    private static ManagedIncident Managed(long id, Priority priority, string service, string group, double ackMinutes, double? resolveHours, int reopens = 0) => new()
    {
        IncidentId = id,
        Service = service,
        OpenedAt = T0.AddHours(id),
        Priority = priority,
        Group = group,
        AcknowledgedAt = T0.AddHours(id).AddMinutes(ackMinutes),
        ResolvedAt = resolveHours is { } h ? T0.AddHours(id + h) : null,
        Reopens = reopens,
    };

    private static ReviewReport Report()
    {
        ManagedIncident[] incidents =
        [
            Managed(1, Priority.P1, "payments", "payments-team", 10, 3),       // met
            Managed(2, Priority.P1, "payments", "payments-team", 20, 2),       // acknowledge breached
            Managed(3, Priority.P3, "crm", "ops", 30, 30, reopens: 1),          // resolve breached (24 h)
            Managed(4, Priority.P3, "crm", "ops", 60, 5),                       // met
            Managed(5, Priority.P2, "crm", "service-desk", 5, null),            // still open
            Managed(400, Priority.P4, "crm", "ops", 5, 1),                      // outside the period
        ];
        var problem = new Problem
        {
            Id = 7, Signature = "component=db-1|pattern=DiskFull", Description = "d", IncidentIds = [1, 2],
            FirstSeenAt = T0, LastSeenAt = T0.AddHours(2), ProposedAt = T0.AddHours(2), TotalDowntime = TimeSpan.FromHours(5),
        };
        var accepted = new Problem
        {
            Id = 8, Signature = "component=mq-1|pattern=QueueFull", Description = "q", IncidentIds = [3, 4, 5], State = ProblemState.Accepted,
            FirstSeenAt = T0, LastSeenAt = T0.AddHours(5), ProposedAt = T0.AddHours(5), DecidedAt = T0.AddDays(1), TotalDowntime = TimeSpan.FromHours(36),
        };
        var acceptedBefore = accepted with { Id = 9, Signature = "old", ProposedAt = T0.AddDays(-30), LastSeenAt = T0.AddDays(-20), DecidedAt = T0.AddDays(-10) };
        return ReviewStatistics.Compute(incidents, [problem, accepted, acceptedBefore], new SlaPolicy(Build.Options()), T0, T0.AddDays(7));
    }

    [Fact]
    public void Compute_SmallPeriod_KnownFigures()
    {
        var report = Report();

        Assert.Equal(5, report.Incidents);
        Assert.Equal([new CountRow("P1", 2), new CountRow("P3", 2), new CountRow("P2", 1)], report.ByPriority);
        Assert.Equal(25, report.MttaMinutes);
        Assert.Equal(10, report.MttrHours);
        Assert.Equal(0.5, report.SlaAttainment);
        Assert.Equal(0.2, report.ReopenRate);
        Assert.Equal(new SlaRow("P1", 2, 1, 0.5, 2.5), report.SlaByPriority[0]);
        Assert.Equal(1, report.ProblemsOpened);   // 8 accepted in the period; 9 before it, 7 not decided
        Assert.Equal(2, report.ProblemsProposed);
        Assert.Equal(
            [new PatternRow(8, "component=mq-1|pattern=QueueFull", 3, "Accepted", 36), new PatternRow(7, "component=db-1|pattern=DiskFull", 2, "Suggested", 5)],
            report.TopPatterns);
    }

    [Fact]
    public void Render_Report_HtmlHoldsEveryFigureOfTheJson()
    {
        var report = Report();
        var json = JsonSerializer.SerializeToElement(report);

        var html = ReviewReportHtml.Render(report);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://cdn", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains($"<b>{json.GetProperty("Incidents").GetInt32()}</b>", html, StringComparison.Ordinal);
        Assert.Contains($"<b>{ReviewReportHtml.Figure(json.GetProperty("MttaMinutes").GetDouble())}</b>", html, StringComparison.Ordinal);
        Assert.Contains($"<b>{ReviewReportHtml.Figure(json.GetProperty("MttrHours").GetDouble())}</b>", html, StringComparison.Ordinal);
        Assert.Contains($"<b>{ReviewReportHtml.Percent(json.GetProperty("SlaAttainment").GetDouble())}</b>", html, StringComparison.Ordinal);
        Assert.Contains($"<b>{ReviewReportHtml.Percent(json.GetProperty("ReopenRate").GetDouble())}</b>", html, StringComparison.Ordinal);
        foreach (var row in json.GetProperty("ByGroup").EnumerateArray().Concat(json.GetProperty("ByPriority").EnumerateArray()).Concat(json.GetProperty("ByService").EnumerateArray()))
        {
            Assert.Contains($">{row.GetProperty("Key").GetString()}</text>", html, StringComparison.Ordinal);
            Assert.Contains($">{row.GetProperty("Count").GetInt32()}</text>", html, StringComparison.Ordinal);
        }

        foreach (var row in json.GetProperty("SlaByPriority").EnumerateArray().Where(r => r.GetProperty("Measured").GetInt32() > 0))
        {
            Assert.Contains($"<td>{row.GetProperty("Key").GetString()}</td><td>{row.GetProperty("Measured").GetInt32()}</td><td>{row.GetProperty("Met").GetInt32()}</td><td>{ReviewReportHtml.Percent(row.GetProperty("Attainment").GetDouble())}</td>", html, StringComparison.Ordinal);
        }

        Assert.Contains($"Problems opened<b>{json.GetProperty("ProblemsOpened").GetInt32()}</b>", html, StringComparison.Ordinal);
        Assert.Contains($"Problems proposed<b>{json.GetProperty("ProblemsProposed").GetInt32()}</b>", html, StringComparison.Ordinal);
        Assert.Equal(2, json.GetProperty("TopPatterns").GetArrayLength());
        foreach (var pattern in json.GetProperty("TopPatterns").EnumerateArray())
        {
            Assert.Contains(
                $"<td>{pattern.GetProperty("ProblemId").GetInt64()}</td><td>{pattern.GetProperty("Signature").GetString()}</td><td>{pattern.GetProperty("Incidents").GetInt32()}</td>"
                + $"<td>{pattern.GetProperty("State").GetString()}</td><td>{ReviewReportHtml.Figure(pattern.GetProperty("DowntimeHours").GetDouble())}</td>",
                html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compute_SlaPerServiceAndGroup_CountsResolvedIncidentsOfEach()
    {
        var report = Report();

        Assert.Equal([("crm", 2, 1), ("payments", 2, 1)], report.SlaByService.Select(r => (r.Key, r.Measured, r.Met)));
        Assert.Equal([("ops", 2, 1), ("payments-team", 2, 1)], report.SlaByGroup.Select(r => (r.Key, r.Measured, r.Met)));
    }
}
