using System.Text.Json;
using System.Text.Json.Serialization;
using Correlator.Storage;

namespace Correlator.Service.Problems;

/// <summary>A problem suggestion as the API shows it, with the ITSM references of an accepted one.</summary>
public sealed record ProblemSuggestionDto(
    long Id,
    string Signature,
    string Description,
    string Status,
    string? Service,
    IReadOnlyList<long> IncidentIds,
    int Frequency,
    double TotalDowntimeHours,
    double PerDay,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ProposedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? Reason,
    string? ProblemId,
    IReadOnlyList<ProblemTicketDto>? Tickets)
{
    public static ProblemSuggestionDto From(ProblemSuggestion s, IReadOnlyList<ProblemTicketDto>? tickets = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var days = Math.Max(1.0, (s.LastSeenAt - s.FirstSeenAt).TotalDays);
        return new(s.Id, s.Signature, s.Description, SqliteStore.ProblemStatusName(s.Status), s.Service, s.IncidentIds, s.Frequency,
            Math.Round(s.TotalDowntime.TotalHours, 2), Math.Round(s.IncidentIds.Count / days, 3), s.FirstSeenAt, s.LastSeenAt, s.ProposedAt,
            s.UpdatedAt, s.DecidedAt, s.DecidedBy, s.Reason, s.Status == ProblemSuggestionStatus.Accepted ? ProblemRecords.ProblemId(s.Id) : null, tickets);
    }
}

/// <summary>The problem record an accepted suggestion became in one publishing target (null reference: not published yet).</summary>
public sealed record ProblemTicketDto(string Target, string? ExternalRef);

/// <summary>The body of an accept (an optional note) or a reject (a required reason).</summary>
public sealed record ProblemDecisionRequest(string? Reason, string? Note);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProblemSuggestionDto))]
[JsonSerializable(typeof(IReadOnlyList<ProblemSuggestionDto>))]
[JsonSerializable(typeof(ProblemDecisionRequest))]
internal sealed partial class ProblemsJsonContext : JsonSerializerContext;
