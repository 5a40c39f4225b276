namespace Correlator.Service.Correlation;

/// <summary>The noise-reduction funnel of the correlation stage (GET /api/stats).</summary>
public sealed record StatsDto(
    long SignalsIn,
    long Deduplicated,
    long Flapping,
    long Suppressed,
    long Inhibited,
    long Pending,
    long Grouped,
    long IncidentsOut,
    double NoiseReduction,
    IReadOnlyList<StageDto> Stages,
    IReadOnlyList<SourceStatsDto> Sources,
    RulesDto Rules);

/// <summary>One stage of the funnel: what reached it, what it removed, and its own reduction ratio.</summary>
public sealed record StageDto(string Stage, long In, long Removed, long Out, double Reduction);

/// <summary>The funnel of one source; <c>NoiseReduction</c> is 1 − incidents opened / signals in.</summary>
public sealed record SourceStatsDto(string Source, long SignalsIn, long Deduplicated, long Flapping, long Suppressed, long Inhibited, long Pending, long Grouped, long IncidentsOut, double NoiseReduction);

/// <summary>The rules and topology in force, and the errors of the last refused reload.</summary>
public sealed record RulesDto(string Origin, int Rules, int Version, DateTimeOffset LoadedAt, int TopologyNodes, int TopologyEdges, IReadOnlyList<string>? LastReloadErrors);

/// <summary>What accepting a proposal did: the rule file written and the rules now in force.</summary>
public sealed record AcceptedProposalDto(string File, RulesDto Rules);
