using System.Text.Json;
using System.Text.Json.Serialization;

namespace Correlator.Service.Incidents;

/// <summary>Source-generated JSON of the incident-management endpoints, in camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ManagementDto))]
[JsonSerializable(typeof(ActionRequest))]
[JsonSerializable(typeof(IReadOnlyList<KnownErrorDto>))]
[JsonSerializable(typeof(Correlator.Incidents.StatusSummary))]
[JsonSerializable(typeof(IReadOnlyList<CriticalIncidentDto>))]
internal sealed partial class IncidentManagementJsonContext : JsonSerializerContext;
