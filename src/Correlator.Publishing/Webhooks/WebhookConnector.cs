using System.Text;
using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Publishing.Webhooks;

/// <summary>
/// Posts each effect as one JSON event (docs/publishing.md): <c>{"id","kind","stream","target","createdAt","attempt","data"}</c>
/// where <c>data</c> is the effect payload, signed with <see cref="WebhookSignature"/>. <c>id</c> (also in
/// <c>X-Correlator-Delivery</c>) is the idempotency key: a receiver that saw it already should answer 2xx and ignore it.
/// </summary>
public sealed class WebhookConnector(string target, HttpClient http, WebhookOptions options, TimeProvider time) : IConnector
{
    public string Target { get; } = target;

    public async Task<string?> PublishAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var body = Body(delivery);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(body, options.Secret));
        request.Headers.Add("X-Correlator-Event", delivery.Entry.Effect.Kind);
        request.Headers.Add("X-Correlator-Delivery", delivery.Entry.Effect.Key);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await HttpOutcome.EnsureSuccessAsync(response, $"POST {options.Url}", time, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>The event body; <c>data</c> is the stored payload verbatim (it is JSON already).</summary>
    public static byte[] Body(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var entry = delivery.Entry;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", entry.Effect.Key);
            json.WriteString("kind", entry.Effect.Kind);
            json.WriteString("stream", entry.Effect.Stream);
            json.WriteString("target", entry.Target);
            json.WriteString("createdAt", entry.CreatedAt);
            json.WriteNumber("attempt", entry.Attempts + delivery.Calls - 1); // 1 for the first call ever made for the row
            json.WritePropertyName("data");
            json.WriteRawValue(Encoding.UTF8.GetBytes(entry.Effect.Payload));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
