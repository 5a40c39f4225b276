using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text;
using Correlator.Domain;

namespace Correlator.Publishing.Email;

/// <summary>
/// Mails escalation notices (and any other configured kinds) through SMTP with .NET's own client. Delivery is at
/// least once: SMTP cannot be asked whether a message arrived, so a retry after a lost answer may send it twice;
/// the <c>Message-ID</c> derives from the outbox key, so both copies carry the same id and a mail system can drop the second.
/// A refused message (5xx) is permanent; a server that is down, slow or answers 4xx is transient and retried by the publisher.
/// </summary>
public sealed class EmailConnector(string target, EmailOptions options) : IConnector
{
    public string Target { get; } = target;

    public async Task<string?> PublishAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!options.Kinds.Contains(delivery.Entry.Effect.Kind, StringComparer.Ordinal))
        {
            return null;
        }

        using var message = Compose(delivery.Entry, options);
        using var smtp = new SmtpClient(options.Host, options.Port)
        {
            EnableSsl = options.UseStartTls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)options.Timeout.TotalMilliseconds,
        };
        if (!string.IsNullOrEmpty(options.UserName))
        {
            smtp.Credentials = new NetworkCredential(options.UserName, options.Password);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await smtp.SendMailAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PublishException($"SMTP {options.Host}:{options.Port} did not take the message within {options.Timeout}.", isPermanent: false);
        }
        catch (SmtpException error)
        {
            var code = (int)error.StatusCode;
            throw new PublishException($"SMTP {options.Host}:{options.Port}: {error.Message}", isPermanent: code is >= 500 and < 600, statusCode: code > 0 ? code : null);
        }

        return null;
    }

    /// <summary>The message for an outbox row: recipients of its level, a subject naming priority, incident and level, the notes as body.</summary>
    public static MailMessage Compose(OutboxEntry entry, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(options);
        var incident = OutboxJson.ReadIncident(entry.Effect.Payload);
        var message = new MailMessage { From = new MailAddress(options.From), SubjectEncoding = Encoding.UTF8, BodyEncoding = Encoding.UTF8 };
        foreach (var address in Recipients(incident, options))
        {
            // One address each: MailAddressCollection.Add(string) would read commas as a list.
            message.To.Add(new MailAddress(address));
        }

        var what = incident.NoticeLevel is { } level ? $"escalation to {level}" : entry.Effect.Kind;
        message.Subject = $"{options.SubjectPrefix} {incident.Priority} incident {incident.IncidentId.ToString(CultureInfo.InvariantCulture)}: {what} - {incident.Title}";
        message.Headers.Add("Message-ID", $"<{MessageId(entry.Effect.Key)}@correlator>");
        message.Headers.Add("X-Correlator-Delivery", entry.Effect.Key);
        message.Body = Body(incident);
        return message;
    }

    /// <summary>The addresses of the notice's level (else the defaults), plus its recipient when that is an address.</summary>
    public static IReadOnlyList<string> Recipients(IncidentEffect incident, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(options);
        var found = incident.NoticeLevel is { } level && options.LevelRecipients.TryGetValue(level, out var byLevel) && byLevel.Count > 0 ? byLevel : options.To;
        var all = new List<string>(found);
        // A recipient is added only when it is exactly one address (a crisis notice names several people as "role: who, ...").
        if (incident.NoticeRecipient is { } recipient && MailAddress.TryCreate(recipient, out var parsed) && parsed.Address == recipient.Trim())
        {
            all.Add(recipient);
        }

        return all.Count > 0 ? [.. all.Distinct(StringComparer.OrdinalIgnoreCase)]
            : throw new PublishException($"No recipient for level '{incident.NoticeLevel}' and no default To.", isPermanent: true);
    }

    private static string Body(IncidentEffect incident)
    {
        var text = new StringBuilder();
        foreach (var note in incident.Notes)
        {
            text.Append(note).Append("\r\n");
        }

        text.Append("\r\n")
            .Append(CultureInfo.InvariantCulture, $"Incident {incident.IncidentId}: {incident.Title}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Priority {incident.Priority} (impact {incident.Impact}, urgency {incident.Urgency}), state {incident.State}, severity {incident.Severity}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Service: {incident.Service ?? "unknown"}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Opened: {incident.OpenedAt:u}; this notice: {incident.UpdatedAt:u}\r\n");
        return text.ToString();
    }

    private static string MessageId(string key)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
