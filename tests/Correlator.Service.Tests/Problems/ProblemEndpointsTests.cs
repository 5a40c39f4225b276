using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Correlator.Service.Problems;
using Correlator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Problems;

/// <summary>
/// The accept / reject flow over HTTP, with a webhook target: an accepted suggestion becomes a problem record the
/// publisher delivers; a rejected one is remembered; wrong input gets 400, unknown ids 404, second decisions 409.
/// </summary>
public sealed class ProblemEndpointsTests : IAsyncLifetime
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _received = new();
    private ServiceHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/hook/";
        _listener.Prefixes.Add(url);
        _listener.Start();
        _ = Task.Run(ListenAsync);
        _host = await ServiceHost.StartAsync(ProblemHistory.Settings(
            "Publishing:Targets:hook:Type=webhook", $"Publishing:Targets:hook:Webhook:Url={url}", "Publishing:Targets:hook:Webhook:Secret=0123456789abcdef-secret",
            "Publishing:Publisher:PollInterval=00:00:00.050"));
        foreach (var hour in new[] { 0.0, 6, 12 })
        {
            await ProblemHistory.OccurAsync(_host, "DiskFull", "search", "es-1", hour);
            await ProblemHistory.OccurAsync(_host, "OOM", "billing", "app-1", hour + 1);
        }

        await _host.App.Services.GetRequiredService<ProblemSuggestionSync>().RunAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _listener.Close();
    }

    private async Task ListenAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            _received.Enqueue(await reader.ReadToEndAsync());
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    private async Task<long> IdOfAsync(string service)
    {
        var list = await _host.GetJsonAsync("/api/problems?status=proposed");
        return list.EnumerateArray().Single(p => p.GetProperty("service").GetString() == service).GetProperty("id").GetInt64();
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string? json, string role = "problem-manager")
    {
        using var client = _host.CreateClient(ServiceHost.KeyOf[role]);
        return await client.PostAsync(path, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"), Ct);
    }

    [Fact]
    public async Task ProblemsPage_DrawsEachSuggestionsDowntime_AndShowsTheAcceptedOnesItsmRecord()
    {
        var search = await IdOfAsync("search");
        var billing = await IdOfAsync("billing");
        using var accepted = await PostAsync($"/api/problems/{search}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var client = _host.CreateClient(ServiceHost.KeyOf["viewer"]);

        var html = await client.GetStringAsync("/problems", Ct);

        foreach (var id in new[] { search, billing })
        {
            var row = System.Text.RegularExpressions.Regex.Match(html, $"<tr data-problem=\"{id}\".*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
            var spark = System.Text.RegularExpressions.Regex.Match(row, "<svg class=\"spark downtime\".*?</svg>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
            Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(spark, "<rect "));
            Assert.Equal(id == search, row.Contains("<span class=\"ticket\" data-target=\"hook\">hook:", StringComparison.Ordinal));
        }

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsBothSuggestionsWithTheirEvidence()
    {
        var list = await _host.GetJsonAsync("/api/problems");

        Assert.Equal(2, list.GetArrayLength());
        var search = list.EnumerateArray().Single(p => p.GetProperty("service").GetString() == "search");
        Assert.Equal("proposed", search.GetProperty("status").GetString());
        Assert.Equal(3, search.GetProperty("incidentIds").GetArrayLength());
        Assert.Equal(3, search.GetProperty("frequency").GetInt32());
        Assert.Equal(1.5, search.GetProperty("totalDowntimeHours").GetDouble());
    }

    [Fact]
    public async Task Accept_EnqueuesTheProblemRecord_ThePublisherDeliversIt_WithItsIncidents()
    {
        var id = await IdOfAsync("search");

        using var accepted = await PostAsync($"/api/problems/{id}/accept", "{\"note\":\"owner: storage team\"}");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("accepted", "key:test-problem-manager", "PRB-" + id), (body.GetProperty("status").GetString(), body.GetProperty("decidedBy").GetString(), body.GetProperty("problemId").GetString()));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!_received.Any(r => r.Contains("problem.create", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        var delivered = Assert.Single(_received, r => r.Contains("problem.create", StringComparison.Ordinal));
        Assert.Contains($"PRB-{id}", delivered, StringComparison.Ordinal);
        var detail = await _host.GetJsonAsync($"/api/problems/{id}");
        Assert.Equal("hook", detail.GetProperty("tickets")[0].GetProperty("target").GetString());
    }

    [Fact]
    public async Task Review_AfterDecisions_CountsAcceptedAsProblemsOpened_ListsPatterns_HtmlShowsTheSameFigures()
    {
        var search = await IdOfAsync("search");
        var billing = await IdOfAsync("billing");
        using var accepted = await PostAsync($"/api/problems/{search}/accept", null);
        using var rejected = await PostAsync($"/api/problems/{billing}/reject", "{\"reason\":\"known batch job\"}");
        const string Period = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";

        var review = await _host.GetJsonAsync("/api/review?" + Period);
        using var page = await _host.Client.GetAsync("/review?" + Period, Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(1, review.GetProperty("problemsOpened").GetInt32());
        Assert.Equal(2, review.GetProperty("problemsProposed").GetInt32());
        var patterns = review.GetProperty("topPatterns").EnumerateArray().ToList();
        Assert.Equal([(search, "Accepted"), (billing, "Rejected")], patterns.Select(p => (p.GetProperty("problemId").GetInt64(), p.GetProperty("state").GetString())).Order().ToList());
        Assert.Contains("Problems opened<b>1</b>", html, StringComparison.Ordinal);
        Assert.Contains("Problems proposed<b>2</b>", html, StringComparison.Ordinal);
        foreach (var pattern in patterns)
        {
            Assert.Contains($"<td>{pattern.GetProperty("problemId").GetInt64()}</td><td>{System.Net.WebUtility.HtmlEncode(pattern.GetProperty("signature").GetString())}</td><td>{pattern.GetProperty("incidents").GetInt32()}</td>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reject_WithReason_IsRemembered_AndASecondDecisionIs409()
    {
        var id = await IdOfAsync("billing");

        using var rejected = await PostAsync($"/api/problems/{id}/reject", "{\"reason\":\"known batch job\"}");
        using var again = await PostAsync($"/api/problems/{id}/reject", "{\"reason\":\"twice\"}");
        using var accept = await PostAsync($"/api/problems/{id}/accept", null);

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, accept.StatusCode);
        Assert.Contains("already rejected", await accept.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var detail = await _host.GetJsonAsync($"/api/problems/{id}");
        Assert.Equal(("rejected", "known batch job"), (detail.GetProperty("status").GetString(), detail.GetProperty("reason").GetString()));
        Assert.DoesNotContain(_received, r => r.Contains("problem.create", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("reject", null, "reason")]
    [InlineData("reject", "{}", "reason")]
    [InlineData("reject", "{\"reason\":\"   \"}", "reason")]
    [InlineData("reject", "{\"reason\":", "")]
    [InlineData("accept", "[1,2]", "")]
    public async Task Decide_InvalidBody_Is400NamingTheField(string action, string? json, string field)
    {
        var id = await IdOfAsync("search");

        using var response = await PostAsync($"/api/problems/{id}/{action}", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (field.Length > 0)
        {
            Assert.Contains($"\"field\":\"{field}\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal("proposed", (await _host.GetJsonAsync($"/api/problems/{id}")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/problems/999")]
    [InlineData("POST", "/api/problems/999/accept")]
    [InlineData("POST", "/api/problems/999/reject")]
    public async Task UnknownSuggestion_Is404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{\"reason\":\"x\"}", Encoding.UTF8, "application/json");
        }

        using var response = await _host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task List_UnknownStatus_Is400()
    {
        using var response = await _host.Client.GetAsync("/api/problems?status=burning", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"field\":\"status\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("incident-manager")]
    public async Task Decide_WithoutTheProblemManagerRole_Is403_AndChangesNothing(string role)
    {
        var id = await IdOfAsync("search");

        using var response = await PostAsync($"/api/problems/{id}/accept", null, role);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("proposed", (await _host.GetJsonAsync($"/api/problems/{id}")).GetProperty("status").GetString());
    }
}
