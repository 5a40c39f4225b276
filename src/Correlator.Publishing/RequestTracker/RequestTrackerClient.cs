using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Correlator.Publishing.RequestTracker;

/// <summary>The REST 2 calls Correlator makes to Request Tracker 5, with RT's answers turned into <see cref="PublishException"/>s.</summary>
internal sealed class RequestTrackerClient(HttpClient http, RequestTrackerOptions options, TimeProvider time)
{
    private readonly Uri _base = new(options.Url ?? throw new ArgumentException("RT Url is required.", nameof(options)), "REST/2.0/");

    public async Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, null);
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET that answers null on 404 instead of failing.</summary>
    public async Task<JsonNode?> FindAsync(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync(request, response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, body);
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A TicketSQL search: the ids of the matching tickets, oldest first.</summary>
    public async Task<IReadOnlyList<long>> SearchTicketsAsync(string ticketSql, CancellationToken cancellationToken)
    {
        var result = await GetAsync($"tickets?query={Uri.EscapeDataString(ticketSql)}&orderby=id&order=ASC&per_page=100", cancellationToken).ConfigureAwait(false);
        return [.. (result?["items"]?.AsArray() ?? []).Select(i => Id(i))];
    }

    public static long Id(JsonNode? reference) =>
        reference?["id"] is { } id && long.TryParse(id.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new PublishException($"RT answered without a record id: {reference?.ToJsonString()}", isPermanent: false);

    /// <summary>A TicketSQL string literal.</summary>
    public static string Quote(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body)
    {
        var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("token", options.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private async Task<JsonNode?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(request, response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonNode?> ReadAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await HttpOutcome.EnsureSuccessAsync(response, $"RT {request.Method} {request.RequestUri?.AbsolutePath}", time, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new PublishException($"RT {request.Method} {request.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} with no JSON: {ex.Message}", isPermanent: false);
        }
    }
}
