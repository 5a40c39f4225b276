using System.Net;
using System.Text;
using Correlator.Service.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Correlator.Service.Tests.Security;

/// <summary>
/// Every endpoint the service maps, against every role: the table below says which policy each endpoint
/// requires, and a new endpoint fails the first test until someone adds it here (and decides who may use it).
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private const string Anonymous = "anonymous";

    /// <summary>(method, route pattern) → policy (<see cref="Policies"/>) or <see cref="Anonymous"/>.</summary>
    private static readonly Dictionary<(string Method, string Route), string> Expected = new()
    {
        [("GET", "/health")] = Anonymous,
        [("GET", "/")] = Anonymous,
        [("GET", "/assets/{name}")] = Anonymous,
        [("GET", "signin")] = Anonymous,
        [("POST", "signin")] = Anonymous,
        [("GET", "/openapi/{documentName}.json")] = Policies.Read,
        [("GET", "/metrics")] = Policies.Read,
        [("GET", "/api/me")] = Policies.Read,
        [("GET", "/api/incidents/")] = Policies.Read,
        [("GET", "/api/incidents/{id:long}")] = Policies.Read,
        [("GET", "incidents")] = Policies.Read,
        [("GET", "incidents/{id:long}")] = Policies.Read,
        [("GET", "denied")] = Policies.Read,
        [("GET", "signout")] = Policies.Read,
        [("POST", "signout")] = Policies.Read,
        [("POST", "/ingest/alertmanager")] = Policies.Ingest,
        [("POST", "/ingest/events")] = Policies.Ingest,
        [("POST", "/ingest/cloudevents")] = Policies.Ingest,
        [("POST", "/write")] = Policies.Ingest,
        [("GET", "/ping")] = Anonymous,
        [("HEAD", "/ping")] = Anonymous,
        [("GET", "/api/admin/accounts")] = Policies.Admin,
        [("POST", "/api/admin/accounts")] = Policies.Admin,
        [("POST", "/api/admin/accounts/{name}/password")] = Policies.Admin,
        [("GET", "/api/admin/keys")] = Policies.Admin,
        [("POST", "/api/admin/keys")] = Policies.Admin,
        [("DELETE", "/api/admin/keys/{id}")] = Policies.Admin,
        [("GET", "/api/audit")] = Policies.Admin,
        [("GET", "/api/outbox/")] = Policies.Read,
        [("GET", "/api/stats")] = Policies.Read,
        [("GET", "/api/review")] = Policies.Read,
        [("GET", "/review")] = Policies.Read,
        [("GET", "/api/rules")] = Policies.Read,
        [("POST", "/api/rules/reload")] = Policies.Admin,
        [("GET", "/api/rules/proposals")] = Policies.Read,
        [("POST", "/api/rules/proposals/{id}/accept")] = Policies.Admin,
        [("GET", "/api/outbox/parked")] = Policies.Read,
        [("POST", "/api/outbox/{id:long}/retry")] = Policies.Admin,
        [("POST", "/api/incidents/{id:long}/acknowledge")] = Policies.ManageIncidents,
        [("POST", "/api/incidents/{id:long}/assign")] = Policies.ManageIncidents,
        [("POST", "/api/incidents/{id:long}/hold")] = Policies.ManageIncidents,
        [("POST", "/api/incidents/{id:long}/resume")] = Policies.ManageIncidents,
        [("POST", "/api/incidents/{id:long}/resolve")] = Policies.ManageIncidents,
        [("POST", "/api/incidents/{id:long}/major")] = Policies.ManageIncidents,
        [("POST", "/api/incidents/{id:long}/priority")] = Policies.ManageIncidents,
        [("POST", "/api/incidents/{id:long}/escalate")] = Policies.ManageIncidents,
        [("GET", "incidents/{id:long}/act")] = Policies.ManageIncidents,
        [("POST", "incidents/{id:long}/act")] = Policies.ManageIncidents,
        [("GET", "/api/known-errors")] = Policies.Read,
        [("GET", "/api/incidents/{id:long}/summary")] = Policies.Read,
        [("GET", "/api/incidents/{id:long}/series")] = Policies.Read,
        [("GET", "/api/critical")] = Policies.Read,
        [("GET", "critical")] = Policies.Read,
        [("GET", "/api/problems")] = Policies.Read,
        [("GET", "/api/problems/{id:long}")] = Policies.Read,
        [("POST", "/api/problems/{id:long}/accept")] = Policies.ManageProblems,
        [("POST", "/api/problems/{id:long}/reject")] = Policies.ManageProblems,
        [("GET", "problems")] = Policies.Read,
        [("GET", "problems/{id:long}")] = Policies.Read,
        [("GET", "problems/{id:long}/decide")] = Policies.ManageProblems,
        [("POST", "problems/{id:long}/decide")] = Policies.ManageProblems,
        [("POST", "/api/incidents/{id:long}/confirm")] = Policies.ManageIncidents,
        [("POST", "/api/incidents/{id:long}/dismiss")] = Policies.ManageIncidents,
        [("GET", "/api/admin/models/")] = Policies.Admin,
        [("POST", "/api/admin/models/reload")] = Policies.Admin,
        [("POST", "/api/incidents/{id:long}/priority/clear")] = Policies.ManageIncidents,
        [("POST", "/api/incidents/{id:long}/root-cause")] = Policies.ManageIncidents,
    };

    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EveryMappedEndpoint_IsInTheTable_AndNothingElse()
    {
        var mapped = await MappedEndpointsAsync();

        var missing = mapped.Where(e => !Expected.ContainsKey(e)).Select(e => $"{e.Method} {e.Route}").ToList();
        var stale = Expected.Keys.Where(e => !mapped.Contains(e)).Select(e => $"{e.Method} {e.Route}").ToList();
        Assert.True(missing.Count == 0, "Endpoints with no row in the access table (add one, with the policy they need): " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Rows for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    public static TheoryData<string> AllRoles() => [.. Correlator.Service.Security.Roles.All, Anonymous];

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task EachEndpoint_AnswersThisRole_AsItsPolicySays(string role)
    {
        using var client = _host.CreateClient(role == Anonymous ? null : ServiceHost.KeyOf[role], new HttpClientHandler { AllowAutoRedirect = false });
        var failures = new List<string>();
        foreach (var ((method, route), policy) in Expected)
        {
            var allowed = policy == Anonymous || (role != Anonymous && Policies.RolesOf[policy].Contains(role));
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(route));
            if (method != "GET" && method != "DELETE")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var status = response.StatusCode;
            var signInRedirect = status == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/signin", StringComparison.Ordinal) == true;
            var refused = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || signInRedirect;
            if (allowed && refused)
            {
                failures.Add($"{method} {route}: {role} should be let through ({policy}) but got {(int)status}");
            }
            else if (!allowed && !refused)
            {
                failures.Add($"{method} {route}: {role} should be refused ({policy}) but got {(int)status}");
            }
            else if (!allowed && role != Anonymous && status != HttpStatusCode.Forbidden)
            {
                failures.Add($"{method} {route}: {role} is known, so the refusal should be 403, not {(int)status}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task InfluxStyleCredentials_BasicWithTheKeyAsPassword_OrToken_AreAccepted()
    {
        var key = ServiceHost.KeyOf["ingest"];
        using var client = _host.CreateClient();
        foreach (var authorization in new[] { "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("telegraf:" + key)), "Token " + key })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/write?db=telegraf") { Content = new StringContent("cpu,host=a usage=1 1700000000000000000", Encoding.UTF8, "text/plain") };
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    [Fact]
    public async Task UnknownApiKey_Gets401_EvenOnAPageOrIngestion()
    {
        using var client = _host.CreateClient("cor_not-a-key-that-exists-anywhere", new HttpClientHandler { AllowAutoRedirect = false });
        foreach (var path in new[] { "/api/incidents", "/incidents" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var ingest = await client.PostAsync("/ingest/events", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, ingest.StatusCode);
    }

    private async Task<HashSet<(string Method, string Route)>> MappedEndpointsAsync()
    {
        var loader = _host.App.Services.GetRequiredService<Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageLoader>();
        var result = new HashSet<(string, string)>();
        foreach (var source in _host.App.Services.GetServices<EndpointDataSource>())
        {
            foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
            {
                var route = endpoint.RoutePattern.RawText ?? "";
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? await PageMethodsAsync(loader, endpoint);
                foreach (var method in methods)
                {
                    result.Add((method, route));
                }
            }
        }

        return result;
    }

    /// <summary>A Razor page accepts any method; the methods it handles are GET plus those it has handlers for.</summary>
    private static async Task<IReadOnlyList<string>> PageMethodsAsync(Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageLoader loader, RouteEndpoint endpoint)
    {
        var page = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>();
        if (page is null)
        {
            return ["GET"];
        }

        var compiled = await loader.LoadAsync(page, endpoint.Metadata);
        return [.. compiled.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).Append("GET").Distinct()];
    }

    private static string Concrete(string route)
    {
        var path = route.Replace("{id:long}", "1", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{name}", "app.css", StringComparison.Ordinal)
            .Replace("{id}", "no-such-key", StringComparison.Ordinal);
        return path.StartsWith('/') ? path : "/" + path;
    }
}
