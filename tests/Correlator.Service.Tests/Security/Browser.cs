using System.Net;
using System.Text.RegularExpressions;

namespace Correlator.Service.Tests.Security;

/// <summary>What a browser does for these tests over plain HTTP: keeps cookies, reads the form's anti-forgery token, posts forms.</summary>
internal sealed partial class Browser : IDisposable
{
    private readonly HttpClient _client;

    public Browser(ServiceHost host)
    {
        Cookies = new CookieContainer();
        _client = host.CreateClient(null, new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false });
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path, TestContext.Current.CancellationToken);

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await GetAsync(path);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Loads the form page for its token, then posts the fields with it (as the form would).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var page = await GetPageAsync(formPage);
        var values = fields.ToList();
        if (withToken)
        {
            values.Add(new("__RequestVerificationToken", TokenPattern().Match(page).Groups[1].Value));
        }

        return await _client.PostAsync(action, new FormUrlEncodedContent(values), TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> SignInAsync(string name, string password, bool withToken = true) =>
        await SubmitAsync("/signin", "/signin", [new("name", name), new("password", password)], withToken);

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
