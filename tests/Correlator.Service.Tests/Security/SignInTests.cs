using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Correlator.Service.Security;

namespace Correlator.Service.Tests.Security;

/// <summary>Browser sessions: the first administrator, sign-in and out, CSRF protection, and the audit log.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private string InitialPassword => File.ReadAllText(Path.Combine(_host.DataDirectory, AccountService.InitialPasswordFile)).Trim();

    [Fact]
    public async Task FirstStart_CreatesOneAdmin_WhoseWrittenPasswordSignsIn()
    {
        using var browser = new Browser(_host);

        using var response = await browser.SignInAsync("admin", InitialPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/incidents", response.Headers.Location?.OriginalString);
        var page = await browser.GetPageAsync("/incidents");
        Assert.Contains("<h1>Incidents</h1>", page, StringComparison.Ordinal);
        Assert.Contains("admin", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_KeepsTheAdmin_AndDoesNotCreateAnother()
    {
        var password = InitialPassword;
        await _host.RestartAsync();

        var accounts = await _host.GetJsonAsync("/api/admin/accounts");

        Assert.Equal("admin", Assert.Single(accounts.EnumerateArray()).GetProperty("name").GetString());
        using var browser = new Browser(_host);
        using var response = await browser.SignInAsync("admin", password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task WrongPassword_Is401_WithTheSameMessageAsAnUnknownName_AndBothAreAudited()
    {
        using var browser = new Browser(_host);

        using var wrong = await browser.SignInAsync("admin", "not the password at all");
        using var unknown = await browser.SignInAsync("nobody", "not the password at all");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var message = "The name or the password is wrong.";
        Assert.Contains(message, await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains(message, await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var audit = await _host.GetJsonAsync("/api/audit");
        var refused = audit.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "sign-in" && e.GetProperty("outcome").GetString() == "refused")
            .Select(e => e.GetProperty("actor").GetString()).ToList();
        Assert.Contains("admin", refused);
        Assert.Contains("nobody", refused);
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiForgeryToken_IsRefused()
    {
        using var browser = new Browser(_host);

        using var response = await browser.SignInAsync("admin", InitialPassword, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var page = await browser.GetAsync("/incidents");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        using var browser = new Browser(_host);
        using var signIn = await browser.SignInAsync("admin", InitialPassword);

        using var signOut = await browser.SubmitAsync("/incidents", "/signout", []);
        using var after = await browser.GetAsync("/incidents");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location?.PathAndQuery ?? after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminCreatesAViewer_WhoCanReadButNotAdminister()
    {
        using var created = await _host.Client.PostAsJsonAsync("/api/admin/accounts", new { name = "vera", password = "a-long-enough-password", role = "viewer" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var browser = new Browser(_host);

        using var signIn = await browser.SignInAsync("vera", "a-long-enough-password");
        using var list = await browser.GetAsync("/incidents");
        using var admin = await browser.GetAsync("/api/admin/accounts");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Theory]
    [InlineData("short", "viewer", "password")]
    [InlineData("a-long-enough-password", "superuser", "role")]
    public async Task CreateAccount_BadInput_Is400NamingTheField(string password, string role, string field)
    {
        using var response = await _host.Client.PostAsJsonAsync("/api/admin/accounts", new { name = "someone", password, role }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task ApiKey_CreatedByAdmin_Works_UntilRevoked()
    {
        using var created = await _host.Client.PostAsJsonAsync("/api/admin/keys", new { name = "grafana", role = "viewer" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var key = body.GetProperty("key").GetString()!;
        using var client = _host.CreateClient(key);

        using var before = await client.GetAsync("/api/incidents", TestContext.Current.CancellationToken);
        using var revoke = await _host.Client.DeleteAsync($"/api/admin/keys/{body.GetProperty("id").GetString()}", TestContext.Current.CancellationToken);
        using var after = await client.GetAsync("/api/incidents", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var listed = await _host.GetJsonAsync("/api/admin/keys");
        Assert.DoesNotContain(key, listed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_AreAudited_WithWhoAndTheOutcome_ButIngestionIsNot()
    {
        using var viewer = _host.CreateClient(ServiceHost.KeyOf["viewer"]);
        using var refused = await viewer.PostAsJsonAsync("/api/admin/keys", new { name = "x", role = "viewer" }, TestContext.Current.CancellationToken);
        using var ingest = _host.CreateClient(ServiceHost.KeyOf["ingest"]);
        using var ingested = await ingest.PostAsync("/ingest/events", new StringContent("""{"source":"nagios","name":"PING","time":"2026-03-02T10:00:00Z","service":"web"}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var audit = await _host.GetJsonAsync("/api/audit");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ingested.StatusCode);
        var line = Assert.Single(audit.EnumerateArray(), e => e.GetProperty("target").GetString() == "/api/admin/keys");
        Assert.Equal("key:test-viewer", line.GetProperty("actor").GetString());
        Assert.Equal("403", line.GetProperty("outcome").GetString());
        Assert.DoesNotContain(audit.EnumerateArray(), e => e.GetProperty("target").GetString()!.StartsWith("/ingest", StringComparison.Ordinal));
    }
}
