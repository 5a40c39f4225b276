using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Correlator.Domain;

namespace Correlator.Publishing.ServiceNow;

/// <summary>
/// Publishes to ServiceNow through the Table API: an incident is an <c>incident</c> record whose
/// <c>correlation_id</c> is its stream (looked up before every create); evidence goes to <c>work_notes</c>;
/// priority follows from <c>impact</c> and <c>urgency</c> (ServiceNow computes <c>priority</c> itself); resolution
/// sets <c>state</c> 6 with <c>close_code</c> and <c>close_notes</c>; a problem is a <c>problem</c> record and each
/// of its incidents gets <c>problem_id</c>.
/// </summary>
public sealed class ServiceNowConnector(string target, HttpClient http, ServiceNowOptions options, TimeProvider time) : IConnector
{
    private readonly Uri _base = new(options.Url ?? throw new ArgumentException("ServiceNow Url is required.", nameof(options)), "api/now/table/");

    public string Target { get; } = target;

    public async Task<string?> PublishAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var effect = delivery.Entry.Effect;
        if (effect.Kind == OutboxKinds.ProblemCreate)
        {
            return await CreateProblemAsync(delivery, OutboxJson.ReadProblem(effect.Payload), cancellationToken).ConfigureAwait(false);
        }

        var incident = OutboxJson.ReadIncident(effect.Payload);
        if (effect.Kind == OutboxKinds.IncidentOpened)
        {
            return await FindAsync("incident", effect.Stream, cancellationToken).ConfigureAwait(false)
                ?? await CreateIncidentAsync(effect.Stream, incident, cancellationToken).ConfigureAwait(false);
        }

        var sysId = delivery.Entry.ExternalRef ?? await FindAsync("incident", effect.Stream, cancellationToken).ConfigureAwait(false)
            ?? throw new PublishException($"No ServiceNow incident has correlation_id {effect.Stream}; its create was never delivered.", isPermanent: true);
        var change = effect.Kind switch
        {
            OutboxKinds.SignalsAttached or OutboxKinds.Managed or OutboxKinds.Escalated or OutboxKinds.Predicted => null,
            OutboxKinds.PriorityChanged => new JsonObject { ["impact"] = Level(incident.Impact), ["urgency"] = Level(incident.Urgency) },
            OutboxKinds.Resolved => Resolution("6", incident),
            OutboxKinds.Closed => Resolution("7", incident),
            OutboxKinds.Reopened => new JsonObject { ["state"] = incident.State == "new" ? "1" : "2" },
            OutboxKinds.StateChanged => incident.State switch
            {
                "in_progress" => new JsonObject { ["state"] = "2" },
                "on_hold" => new JsonObject { ["state"] = "3", ["hold_reason"] = options.HoldReason },
                // A confirmed prediction (Predicted → new) keeps the record's state New: the confirmation is a work note.
                _ => null,
            },
            _ => throw new PublishException($"The ServiceNow connector does not publish '{effect.Kind}'.", isPermanent: true),
        };
        if (change is null)
        {
            await WorkNoteOnceAsync(delivery, sysId, Text(incident), cancellationToken).ConfigureAwait(false);
        }
        else if (change.Count > 0)
        {
            await SendAsync(HttpMethod.Patch, $"incident/{sysId}", change, cancellationToken).ConfigureAwait(false);
        }

        return sysId;
    }

    private JsonObject Resolution(string state, IncidentEffect incident) => new()
    {
        ["state"] = state,
        ["close_code"] = options.CloseCode,
        ["close_notes"] = string.Join('\n', incident.Notes.DefaultIfEmpty("Resolved in Correlator")),
    };

    /// <summary>ServiceNow's impact and urgency choices: 1 High, 2 Medium, 3 Low.</summary>
    public static string Level(string level) => level switch
    {
        "high" => "1",
        "medium" => "2",
        _ => "3",
    };

    private async Task<string> CreateIncidentAsync(string stream, IncidentEffect incident, CancellationToken cancellationToken)
    {
        var record = new JsonObject
        {
            ["short_description"] = incident.Title,
            ["description"] = Text(incident),
            ["impact"] = Level(incident.Impact),
            ["urgency"] = Level(incident.Urgency),
            ["correlation_id"] = stream,
            ["correlation_display"] = "Correlator",
        };
        var path = "incident";
        if (options.SetConfigurationItem && incident.ConfigurationItem is { Length: > 0 } item)
        {
            record["cmdb_ci"] = item;
            path += "?sysparm_input_display_value=true";
        }

        return SysId(await SendAsync(HttpMethod.Post, path, record, cancellationToken).ConfigureAwait(false));
    }

    private async Task<string> CreateProblemAsync(Delivery delivery, ProblemEffect problem, CancellationToken cancellationToken)
    {
        var incidents = new List<string>();
        foreach (var id in problem.IncidentIds)
        {
            var stream = OutboxKinds.IncidentStream(id);
            incidents.Add(await delivery.ExternalRefOfAsync(stream, cancellationToken).ConfigureAwait(false)
                ?? await FindAsync("incident", stream, cancellationToken).ConfigureAwait(false)
                ?? throw new PublishException($"Incident {id} has no ServiceNow record yet; the problem waits for it.", isPermanent: false));
        }

        var stream0 = delivery.Entry.Effect.Stream;
        var sysId = await FindAsync("problem", stream0, cancellationToken).ConfigureAwait(false)
            ?? SysId(await SendAsync(HttpMethod.Post, "problem", new JsonObject
            {
                ["short_description"] = problem.Title,
                ["description"] = $"{problem.Description}\n\nProposed by Correlator for incidents {string.Join(", ", problem.IncidentIds)}.",
                ["correlation_id"] = stream0,
                ["correlation_display"] = "Correlator",
            }, cancellationToken).ConfigureAwait(false));
        foreach (var incident in incidents)
        {
            await SendAsync(HttpMethod.Patch, $"incident/{incident}", new JsonObject { ["problem_id"] = sysId }, cancellationToken).ConfigureAwait(false);
        }

        return sysId;
    }

    /// <summary>
    /// The sys_id of the record whose correlation_id is exactly the stream. The match is checked on the answer too:
    /// an instance ignores a query condition it cannot apply and would then return unrelated records.
    /// </summary>
    private async Task<string?> FindAsync(string table, string stream, CancellationToken cancellationToken)
    {
        var query = Uri.EscapeDataString("correlation_id=" + stream);
        var found = await SendAsync(HttpMethod.Get, $"{table}?sysparm_query={query}&sysparm_fields=sys_id,correlation_id&sysparm_limit=10", null, cancellationToken).ConfigureAwait(false);
        return (found?["result"]?.AsArray() ?? []).FirstOrDefault(r => r?["correlation_id"]?.ToString() == stream)?["sys_id"]?.ToString();
    }

    private async Task WorkNoteOnceAsync(Delivery delivery, string sysId, string text, CancellationToken cancellationToken)
    {
        var marker = $"[correlator:{delivery.Entry.Effect.Key}]";
        if (delivery.MayHaveBeenApplied)
        {
            var query = Uri.EscapeDataString($"element_id={sysId}^element=work_notes^valueLIKE{marker}");
            var notes = await SendAsync(HttpMethod.Get, $"sys_journal_field?sysparm_query={query}&sysparm_fields=value&sysparm_limit=1", null, cancellationToken).ConfigureAwait(false);
            if ((notes?["result"]?.AsArray() ?? []).Any(n => n?["value"]?.ToString().Contains(marker, StringComparison.Ordinal) == true))
            {
                return;
            }
        }

        await SendAsync(HttpMethod.Patch, $"incident/{sysId}", new JsonObject { ["work_notes"] = text + "\n" + marker }, cancellationToken).ConfigureAwait(false);
    }

    private static string Text(IncidentEffect incident)
    {
        var text = new StringBuilder();
        foreach (var note in incident.Notes)
        {
            text.Append(note).Append('\n');
        }

        foreach (var signal in incident.Signals)
        {
            text.Append(CultureInfo.InvariantCulture, $"{signal.Name} [{signal.Severity}] from {signal.Source} on {signal.Resource ?? "-"}: {signal.Summary ?? "-"} ({signal.Fingerprint})\n");
        }

        return text.ToString();
    }

    private static string SysId(JsonNode? answer) =>
        answer?["result"]?["sys_id"]?.ToString() is { Length: > 0 } id ? id : throw new PublishException($"ServiceNow answered without a sys_id: {answer?.ToJsonString()}", isPermanent: false);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await HttpOutcome.EnsureSuccessAsync(response, $"ServiceNow {method} {request.RequestUri?.AbsolutePath}", time, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new PublishException($"ServiceNow {method} {request.RequestUri?.AbsolutePath} answered without JSON: {ex.Message}", isPermanent: false);
        }
    }
}
