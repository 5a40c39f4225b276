using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Correlator.Domain;
using Microsoft.Extensions.Logging;

namespace Correlator.Publishing.RequestTracker;

/// <summary>
/// Mirrors what people change in RT back into the incident timeline: reads the ticket transactions after a
/// stored cursor (the last transaction id read), keeps those on tickets that Correlator published and that
/// Correlator's own user did not make (status, owner, comments, replies), and appends each as an external
/// line keyed by its transaction id, so a re-read never adds it twice.
/// </summary>
public sealed partial class RequestTrackerPoller
{
    private const string Fields = "Type,Field,OldValue,NewValue,Creator,Created,ObjectType,ObjectId";
    private readonly string _target;
    private readonly RequestTrackerClient _rt;
    private readonly RequestTrackerOptions _options;
    private readonly IOutboxStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RequestTrackerPoller(string target, HttpClient http, RequestTrackerOptions options, IOutboxStore store, TimeProvider time, ILogger logger)
    {
        _target = target;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _rt = new RequestTrackerClient(http, options, time);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time;
        _logger = logger;
    }

    private string CursorName => _target + "/rt-transactions";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_options.PollInterval <= TimeSpan.Zero)
        {
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await InitializeAsync(cancellationToken).ConfigureAwait(false);
                await PollOnceAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is PublishException or HttpRequestException or IOException or OperationCanceledException)
            {
                LogPollFailed(_target, error.Message);
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Starts the cursor at RT's newest transaction when none is stored yet, so a first start does not read
    /// the tracker's whole history; call it before the first ticket is published.
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (await _store.GetCursorAsync(CursorName, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var newest = await _rt.SendAsync(HttpMethod.Post, "transactions?orderby=id&order=DESC&per_page=1",
            new JsonArray(new JsonObject { ["field"] = "id", ["operator"] = ">", ["value"] = 0 }), cancellationToken).ConfigureAwait(false);
        var last = newest?["items"]?.AsArray() is [{ } item, ..] ? RequestTrackerClient.Id(item) : 0;
        await _store.SetCursorAsync(CursorName, last.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every transaction after the cursor; returns how many lines it added to timelines.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var cursor = long.Parse(await _store.GetCursorAsync(CursorName, cancellationToken).ConfigureAwait(false) ?? "0", CultureInfo.InvariantCulture);
        int added = 0;
        while (true)
        {
            var page = await _rt.SendAsync(HttpMethod.Post,
                $"transactions?fields={Fields}&fields%5BCreator%5D=Name&orderby=id&order=ASC&per_page={_options.PollPageSize.ToString(CultureInfo.InvariantCulture)}",
                new JsonArray(
                    new JsonObject { ["field"] = "id", ["operator"] = ">", ["value"] = cursor },
                    new JsonObject { ["field"] = "ObjectType", ["value"] = "RT::Ticket" }),
                cancellationToken).ConfigureAwait(false);
            var items = page?["items"]?.AsArray() ?? [];
            foreach (var item in items)
            {
                added += await MirrorAsync(item, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                cursor = Math.Max(cursor, RequestTrackerClient.Id(item));
            }

            if (items.Count > 0)
            {
                await _store.SetCursorAsync(CursorName, cursor.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            }

            if (items.Count < _options.PollPageSize)
            {
                return added;
            }
        }
    }

    private async Task<bool> MirrorAsync(JsonNode? item, CancellationToken cancellationToken)
    {
        var creator = item?["Creator"]?["Name"]?.ToString() ?? item?["Creator"]?["id"]?.ToString();
        if (item is null || string.Equals(creator, _options.User, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var ticket = item["ObjectId"]?.ToString() ?? string.Empty;
        var stream = await _store.FindStreamAsync(_target, ticket, cancellationToken).ConfigureAwait(false);
        if (stream is null || OutboxKinds.IncidentIdOf(stream) is not { } incidentId)
        {
            return false;
        }

        var change = await DescribeAsync(item, cancellationToken).ConfigureAwait(false);
        if (change is null)
        {
            return false;
        }

        var at = DateTimeOffset.TryParse(item["Created"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created) ? created : _time.GetUtcNow();
        var id = RequestTrackerClient.Id(item).ToString(CultureInfo.InvariantCulture);
        var text = $"RT #{ticket}: {change} by {creator}";
        return await _store.AppendExternalEntryAsync(incidentId, $"{_target}/rt-tx/{id}", new TimelineEntry(at, TimelineEntryKind.External, text), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> DescribeAsync(JsonNode item, CancellationToken cancellationToken)
    {
        var type = item["Type"]?.ToString();
        var field = item["Field"]?.ToString();
        var (old, @new) = (item["OldValue"]?.ToString(), item["NewValue"]?.ToString());
        return type switch
        {
            "Status" => $"status {old} -> {@new}",
            "Take" or "Give" or "Steal" or "Untake" or "Set" when type != "Set" || field == "Owner" =>
                $"owner {await UserNameAsync(old, cancellationToken).ConfigureAwait(false)} -> {await UserNameAsync(@new, cancellationToken).ConfigureAwait(false)}",
            "Comment" => "comment: " + await ContentAsync(item, cancellationToken).ConfigureAwait(false),
            "Correspond" => "reply: " + await ContentAsync(item, cancellationToken).ConfigureAwait(false),
            _ => null,
        };
    }

    private async Task<string> UserNameAsync(string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "nobody";
        }

        var user = await _rt.FindAsync($"user/{Uri.EscapeDataString(id)}", cancellationToken).ConfigureAwait(false);
        return user?["Name"]?.ToString() ?? id;
    }

    /// <summary>The text of the transaction's first text attachment (REST 2 gives attachment content as base64), cut to 500 characters.</summary>
    private async Task<string> ContentAsync(JsonNode item, CancellationToken cancellationToken)
    {
        var id = RequestTrackerClient.Id(item).ToString(CultureInfo.InvariantCulture);
        var transaction = await _rt.GetAsync($"transaction/{id}", cancellationToken).ConfigureAwait(false);
        foreach (var link in transaction?["_hyperlinks"]?.AsArray() ?? [])
        {
            if (link?["ref"]?.ToString() != "attachment" || link["_url"]?.ToString() is not { } url)
            {
                continue;
            }

            var attachment = await _rt.GetAsync("attachment/" + url[(url.LastIndexOf('/') + 1)..], cancellationToken).ConfigureAwait(false);
            if (attachment?["Content"]?.ToString() is { Length: > 0 } content && attachment["ContentType"]?.ToString()?.StartsWith("text/", StringComparison.Ordinal) == true)
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(content)).Trim();
                return text.Length > 500 ? text[..500] + "…" : text;
            }
        }

        return "(no text)";
    }

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "Reading changes back from RT target {Target} failed: {Error}")]
    private partial void LogPollFailed(string target, string error);
}
