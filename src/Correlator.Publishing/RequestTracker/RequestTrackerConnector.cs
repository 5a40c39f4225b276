using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Correlator.Domain;

namespace Correlator.Publishing.RequestTracker;

/// <summary>
/// Publishes to Request Tracker 5 over REST 2. An incident is a ticket in the incident queue whose
/// <see cref="RequestTrackerOptions.IdField"/> holds its stream (<c>incident/42</c>): before creating one the
/// connector searches by that field, so a retry after a lost answer or a crash finds the ticket instead of
/// creating a second. Comments carry their outbox key, and a repeated call looks for it first.
/// </summary>
public sealed class RequestTrackerConnector : IConnector
{
    private readonly RequestTrackerClient _rt;
    private readonly RequestTrackerOptions _options;
    private readonly RequestTrackerSchema _schema;

    public RequestTrackerConnector(string target, HttpClient http, RequestTrackerOptions options, TimeProvider time)
    {
        Target = target;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _rt = new RequestTrackerClient(http, options, time);
        _schema = new RequestTrackerSchema(_rt, options);
    }

    public string Target { get; }

    /// <summary>RT's numeric priority (0-99, higher is more pressing) for an ITIL priority.</summary>
    public static int NumericPriority(string priority) => priority switch
    {
        "P1" => 90,
        "P2" => 70,
        "P3" => 50,
        _ => 30,
    };

    public async Task<string?> PublishAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var effect = delivery.Entry.Effect;
        if (effect.Kind == OutboxKinds.ProblemCreate)
        {
            return await CreateProblemAsync(delivery, OutboxJson.ReadProblem(effect.Payload), cancellationToken).ConfigureAwait(false);
        }

        var incident = OutboxJson.ReadIncident(effect.Payload);
        if (effect.Kind == OutboxKinds.IncidentOpened)
        {
            return await CreateIncidentAsync(effect.Stream, incident, cancellationToken).ConfigureAwait(false);
        }

        var ticket = await TicketOfAsync(delivery, cancellationToken).ConfigureAwait(false);
        switch (effect.Kind)
        {
            case OutboxKinds.SignalsAttached:
                await CommentOnceAsync(delivery, ticket, Comment(incident, "New evidence"), cancellationToken).ConfigureAwait(false);
                break;
            case OutboxKinds.Managed:
                await CommentOnceAsync(delivery, ticket, Comment(incident, "Incident management"), cancellationToken).ConfigureAwait(false);
                break;
            case OutboxKinds.Predicted:
                await CommentOnceAsync(delivery, ticket, Comment(incident, "Predicted incident"), cancellationToken).ConfigureAwait(false);
                break;
            case OutboxKinds.Escalated:
                await CommentOnceAsync(delivery, ticket, Comment(incident, "Escalation"), cancellationToken).ConfigureAwait(false);
                break;
            case OutboxKinds.PriorityChanged:
                await UpdateAsync(ticket, new JsonObject
                {
                    ["Priority"] = NumericPriority(incident.Priority),
                    ["CustomFields"] = new JsonObject { [_options.PriorityField] = incident.Priority },
                }, cancellationToken).ConfigureAwait(false);
                break;
            case OutboxKinds.Resolved:
                await UpdateAsync(ticket, new JsonObject { ["Status"] = "resolved" }, cancellationToken).ConfigureAwait(false);
                break;
            case OutboxKinds.Reopened:
                await UpdateAsync(ticket, new JsonObject { ["Status"] = "open" }, cancellationToken).ConfigureAwait(false);
                break;
            case OutboxKinds.Closed:
                // RT's default lifecycle ends at resolved; the close is recorded on the ticket.
                await UpdateAsync(ticket, new JsonObject { ["Status"] = "resolved" }, cancellationToken).ConfigureAwait(false);
                await CommentOnceAsync(delivery, ticket, Comment(incident, "Closed in Correlator"), cancellationToken).ConfigureAwait(false);
                break;
            case OutboxKinds.StateChanged:
                if (StatusOf(incident.State) is { } status)
                {
                    await UpdateAsync(ticket, new JsonObject { ["Status"] = status }, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // A confirmed prediction (Predicted → new): the ticket stays new, the confirmation is a comment.
                    await CommentOnceAsync(delivery, ticket, Comment(incident, "State changed"), cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                throw new PublishException($"The RT connector does not publish '{effect.Kind}'.", isPermanent: true);
        }

        return ticket.ToString(CultureInfo.InvariantCulture);
    }

    private static string? StatusOf(string state) => state switch
    {
        "in_progress" => "open",
        "on_hold" => "stalled",
        _ => null,
    };

    private async Task<string> CreateIncidentAsync(string stream, IncidentEffect incident, CancellationToken cancellationToken)
    {
        if (await FindTicketAsync(_options.IncidentQueue, stream, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing.ToString(CultureInfo.InvariantCulture);
        }

        var fields = new JsonObject { [_options.IdField] = stream, [_options.PriorityField] = incident.Priority };
        if (incident.Service is { Length: > 0 } service)
        {
            fields[_options.ServiceField] = service;
        }

        if (incident.ConfigurationItem is { Length: > 0 } item)
        {
            fields[_options.ConfigurationItemField] = item;
        }

        var created = await _rt.SendAsync(HttpMethod.Post, "ticket", new JsonObject
        {
            ["Queue"] = _options.IncidentQueue,
            ["Subject"] = incident.Title,
            ["Content"] = Comment(incident, $"Incident {incident.IncidentId} opened by Correlator ({incident.Priority}, impact {incident.Impact}, urgency {incident.Urgency})"),
            ["ContentType"] = "text/plain",
            ["Priority"] = NumericPriority(incident.Priority),
            ["CustomFields"] = fields,
        }, cancellationToken).ConfigureAwait(false);
        return RequestTrackerClient.Id(created).ToString(CultureInfo.InvariantCulture);
    }

    private async Task<string> CreateProblemAsync(Delivery delivery, ProblemEffect problem, CancellationToken cancellationToken)
    {
        var tickets = new JsonArray();
        foreach (var incidentId in problem.IncidentIds)
        {
            var stream = OutboxKinds.IncidentStream(incidentId);
            var known = await delivery.ExternalRefOfAsync(stream, cancellationToken).ConfigureAwait(false);
            long? ticket = known is not null ? long.Parse(known, CultureInfo.InvariantCulture) : await FindTicketAsync(_options.IncidentQueue, stream, cancellationToken).ConfigureAwait(false);
            tickets.Add(ticket ?? throw new PublishException($"Incident {incidentId} has no ticket in RT yet; the problem waits for it.", isPermanent: false));
        }

        var stream0 = delivery.Entry.Effect.Stream;
        if (await FindTicketAsync(_options.ProblemQueue, stream0, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            await UpdateAsync(existing, new JsonObject { ["Add" + _options.ProblemLink] = tickets }, cancellationToken).ConfigureAwait(false);
            return existing.ToString(CultureInfo.InvariantCulture);
        }

        var fields = new JsonObject { [_options.IdField] = stream0 };
        if (problem.Service is { Length: > 0 } service)
        {
            fields[_options.ServiceField] = service;
        }

        var created = await _rt.SendAsync(HttpMethod.Post, "ticket", new JsonObject
        {
            ["Queue"] = _options.ProblemQueue,
            ["Subject"] = problem.Title,
            ["Content"] = $"{problem.Description}\n\nProblem {problem.ProblemId} proposed by Correlator for incidents {string.Join(", ", problem.IncidentIds)}.",
            ["ContentType"] = "text/plain",
            ["CustomFields"] = fields,
            [_options.ProblemLink] = tickets,
        }, cancellationToken).ConfigureAwait(false);
        return RequestTrackerClient.Id(created).ToString(CultureInfo.InvariantCulture);
    }

    private async Task<long> TicketOfAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Entry.ExternalRef is { } known && long.TryParse(known, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        return await FindTicketAsync(_options.IncidentQueue, delivery.Entry.Effect.Stream, cancellationToken).ConfigureAwait(false)
            ?? throw new PublishException($"No RT ticket has {_options.IdField} = {delivery.Entry.Effect.Stream}; the incident's ticket was never created.", isPermanent: true);
    }

    private async Task<long?> FindTicketAsync(string queue, string stream, CancellationToken cancellationToken)
    {
        var found = await _rt.SearchTicketsAsync(
            $"Queue = {RequestTrackerClient.Quote(queue)} AND 'CF.{{{_options.IdField}}}' = {RequestTrackerClient.Quote(stream)}", cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : null;
    }

    private async Task UpdateAsync(long ticket, JsonObject changes, CancellationToken cancellationToken) =>
        await _rt.SendAsync(HttpMethod.Put, $"ticket/{ticket.ToString(CultureInfo.InvariantCulture)}", changes, cancellationToken).ConfigureAwait(false);

    /// <summary>Adds a comment carrying the outbox key; when a call for this row may already have landed, looks for the key first.</summary>
    private async Task CommentOnceAsync(Delivery delivery, long ticket, string text, CancellationToken cancellationToken)
    {
        var marker = $"[correlator:{delivery.Entry.Effect.Key}]";
        var path = $"ticket/{ticket.ToString(CultureInfo.InvariantCulture)}";
        if (delivery.MayHaveBeenApplied)
        {
            var attachments = await _rt.GetAsync($"{path}/attachments?fields=Content&per_page=100&orderby=id&order=DESC", cancellationToken).ConfigureAwait(false);
            if ((attachments?["items"]?.AsArray() ?? []).Any(a => a?["Content"]?.ToString().Contains(marker, StringComparison.Ordinal) == true))
            {
                return;
            }
        }

        await _rt.SendAsync(HttpMethod.Post, $"{path}/comment", new JsonObject { ["Content"] = text + "\n\n" + marker, ["ContentType"] = "text/plain" }, cancellationToken).ConfigureAwait(false);
    }

    private static string Comment(IncidentEffect incident, string heading)
    {
        var text = new StringBuilder(heading).Append('\n');
        foreach (var note in incident.Notes)
        {
            text.Append("- ").Append(note).Append('\n');
        }

        foreach (var signal in incident.Signals)
        {
            text.Append(CultureInfo.InvariantCulture, $"* {signal.Name} [{signal.Severity}] from {signal.Source}");
            if (signal.Resource is { } resource)
            {
                text.Append(" on ").Append(resource);
            }

            if (signal.Summary is { } summary)
            {
                text.Append(": ").Append(summary);
            }

            text.Append(CultureInfo.InvariantCulture, $" (fingerprint {signal.Fingerprint}, {signal.AttachedAt:O})\n");
        }

        return text.ToString();
    }
}
