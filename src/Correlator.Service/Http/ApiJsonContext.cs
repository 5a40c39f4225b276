using System.Text.Json;
using System.Text.Json.Serialization;

namespace Correlator.Service.Http;

/// <summary>Source-generated JSON for every shape the API writes, in camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(IncidentPageDto))]
[JsonSerializable(typeof(IncidentDetailDto))]
[JsonSerializable(typeof(HealthDto))]
[JsonSerializable(typeof(Prediction.VerdictDto))]
[JsonSerializable(typeof(Prediction.ModelStatusDto))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
