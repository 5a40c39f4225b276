using System.Text.Json;
using System.Text.Json.Serialization;

namespace Correlator.Service.Metrics;

/// <summary>Source-generated JSON for the metric path's HTTP shapes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InfluxError))]
internal sealed partial class MetricsJsonContext : JsonSerializerContext;
