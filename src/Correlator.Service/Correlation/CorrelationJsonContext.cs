using System.Text.Json;
using System.Text.Json.Serialization;

namespace Correlator.Service.Correlation;

/// <summary>Source-generated JSON for the correlation endpoints, in camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatsDto))]
[JsonSerializable(typeof(RulesDto))]
[JsonSerializable(typeof(AcceptedProposalDto))]
[JsonSerializable(typeof(IReadOnlyList<Correlator.Correlation.Learning.RuleProposal>))]
internal sealed partial class CorrelationJsonContext : JsonSerializerContext;
