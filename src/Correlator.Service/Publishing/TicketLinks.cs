using System.Globalization;
using Correlator.Domain;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Publishing;

/// <summary>An incident's ticket in one publishing target: the reference the target gave it and, when the target has a web page for it, its address.</summary>
public sealed record TicketDto(string Target, string ExternalRef, string? Url);

/// <summary>
/// The tickets the publishing targets hold for an incident (the external references the outbox learnt), with a link
/// to the ticket's page where the target type has one: Request Tracker <c>{Url}Ticket/Display.html?id={ref}</c>,
/// ServiceNow <c>{Url}incident.do?sys_id={ref}</c>; a reference that already is an http(s) address is its own link.
/// </summary>
internal sealed class TicketLinks(SqliteStore store, IOptions<PublishingOptions> options)
{
    public async Task<IReadOnlyList<TicketDto>> ForIncidentAsync(long incidentId, CancellationToken cancellationToken)
    {
        var targets = store.OutboxTargets;
        if (targets.Count == 0)
        {
            return [];
        }

        var stream = OutboxKinds.IncidentStream(incidentId);
        var tickets = new List<TicketDto>();
        foreach (var target in targets)
        {
            if (await store.GetExternalRefAsync(target, stream, cancellationToken).ConfigureAwait(false) is { Length: > 0 } reference)
            {
                tickets.Add(new TicketDto(target, reference, UrlOf(options.Value, target, reference)));
            }
        }

        return tickets;
    }

    /// <summary>The address of the ticket's page in the target, or null when the target type has none.</summary>
    public static string? UrlOf(PublishingOptions options, string target, string externalRef)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(externalRef);
        if (Uri.TryCreate(externalRef, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
        {
            return absolute.AbsoluteUri;
        }

        if (!options.Targets.TryGetValue(target, out var settings))
        {
            return null;
        }

        var escaped = Uri.EscapeDataString(externalRef);
        return settings.Type switch
        {
            "rt" when settings.RequestTracker?.Url is { } rt => new Uri(rt, string.Create(CultureInfo.InvariantCulture, $"Ticket/Display.html?id={escaped}")).AbsoluteUri,
            "servicenow" when settings.ServiceNow?.Url is { } now => new Uri(now, $"incident.do?sys_id={escaped}").AbsoluteUri,
            _ => null,
        };
    }
}
