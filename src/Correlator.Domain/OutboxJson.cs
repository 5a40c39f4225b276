using System.Text.Json;
using System.Text.Json.Serialization;

namespace Correlator.Domain;

/// <summary>The JSON form of the effect payloads, shared by whoever writes and reads an outbox row.</summary>
public static class OutboxJson
{
    public static string Write(IncidentEffect effect) => JsonSerializer.Serialize(effect, OutboxJsonContext.Default.IncidentEffect);

    public static string Write(ProblemEffect effect) => JsonSerializer.Serialize(effect, OutboxJsonContext.Default.ProblemEffect);

    /// <exception cref="FormatException">The payload is not an incident effect.</exception>
    public static IncidentEffect ReadIncident(string payload) => Read(payload, OutboxJsonContext.Default.IncidentEffect);

    /// <exception cref="FormatException">The payload is not a problem effect.</exception>
    public static ProblemEffect ReadProblem(string payload) => Read(payload, OutboxJsonContext.Default.ProblemEffect);

    private static T Read<T>(string payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(payload, type) ?? throw new FormatException($"The payload is null, not a {typeof(T).Name}.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The payload is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IncidentEffect))]
[JsonSerializable(typeof(ProblemEffect))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
