using System.Security.Claims;
using System.Text.Json;
using Correlator.Service.Http;
using Correlator.Service.Security;
using Correlator.Storage;

namespace Correlator.Service.Problems;

/// <summary>
/// Problem suggestions: <c>GET /api/problems</c>, <c>GET /api/problems/{id}</c>, and the problem manager's
/// <c>POST /api/problems/{id}/accept</c> (→ a problem record in the outbox, published by the connectors) and
/// <c>POST /api/problems/{id}/reject</c> (with a reason; the pattern is remembered).
/// </summary>
internal static class ProblemEndpoints
{
    /// <summary>Largest decision body read.</summary>
    private const int MaxBodyBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapProblemEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/problems", async (string? status, SqliteStore store, CancellationToken ct) =>
            {
                ProblemSuggestionStatus? filter = null;
                if (status is not null)
                {
                    if (!TryParseStatus(status, out var parsed))
                    {
                        return ApiProblem.Invalid("Invalid query", $"status: '{status}' is not proposed, accepted or rejected");
                    }

                    filter = parsed;
                }

                var list = await store.ListProblemSuggestionsAsync(filter, ct).ConfigureAwait(false);
                return Results.Json<IReadOnlyList<ProblemSuggestionDto>>([.. list.Select(s => ProblemSuggestionDto.From(s))], ProblemsJsonContext.Default.IReadOnlyListProblemSuggestionDto);
            })
            .RequireAuthorization(Policies.Read)
            .WithTags("Problems")
            .WithName("ListProblems")
            .WithSummary("Problem suggestions, newest first; ?status=proposed|accepted|rejected filters.");
        routes.MapGet("/api/problems/{id:long}", async (long id, SqliteStore store, ProblemRecords records, CancellationToken ct) =>
                await store.GetProblemSuggestionAsync(id, ct).ConfigureAwait(false) is { } s
                    ? Results.Json(ProblemSuggestionDto.From(s, await records.TicketsAsync(s, ct).ConfigureAwait(false)), ProblemsJsonContext.Default.ProblemSuggestionDto)
                    : NotFound(id))
            .RequireAuthorization(Policies.Read)
            .WithTags("Problems")
            .WithName("GetProblem")
            .WithSummary("One problem suggestion with its evidence and, once accepted, its problem record in each ITSM target.");
        routes.MapPost("/api/problems/{id:long}/accept", async (long id, HttpRequest request, ProblemRecords records, CancellationToken ct) =>
            {
                var (body, error) = await ReadAsync(request, ct).ConfigureAwait(false);
                if (error is not null)
                {
                    return error;
                }

                var (outcome, suggestion) = await records.AcceptAsync(id, Actor(request), body?.Note, ct).ConfigureAwait(false);
                return Answer(id, outcome, suggestion);
            })
            .RequireAuthorization(Policies.ManageProblems)
            .WithTags("Problems")
            .WithName("AcceptProblem")
            .WithSummary("Accepts a proposed suggestion (optional JSON {\"note\"}): it becomes a problem record, published to every ITSM target, linked to its incidents' tickets. 404 unknown, 409 already decided.");
        routes.MapPost("/api/problems/{id:long}/reject", async (long id, HttpRequest request, ProblemRecords records, CancellationToken ct) =>
            {
                var (body, error) = await ReadAsync(request, ct).ConfigureAwait(false);
                if (error is not null)
                {
                    return error;
                }

                if (string.IsNullOrWhiteSpace(body?.Reason))
                {
                    return ApiProblem.Invalid("Invalid decision", "reason: a rejection needs a reason");
                }

                var (outcome, suggestion) = await records.RejectAsync(id, Actor(request), body.Reason.Trim(), ct).ConfigureAwait(false);
                return Answer(id, outcome, suggestion);
            })
            .RequireAuthorization(Policies.ManageProblems)
            .WithTags("Problems")
            .WithName("RejectProblem")
            .WithSummary("Rejects a proposed suggestion with JSON {\"reason\"}: the pattern is remembered and not proposed again unless it changes. 400 without a reason, 404 unknown, 409 already decided.");
        return routes;
    }

    public static bool TryParseStatus(string text, out ProblemSuggestionStatus status)
    {
        foreach (var candidate in Enum.GetValues<ProblemSuggestionStatus>())
        {
            if (string.Equals(text, SqliteStore.ProblemStatusName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    public static string Actor(HttpRequest request) => request.HttpContext.User.FindFirstValue(ClaimTypes.Name) ?? "?";

    private static IResult Answer(long id, ProblemDecisionOutcome outcome, ProblemSuggestion? suggestion) => outcome switch
    {
        ProblemDecisionOutcome.NotFound => NotFound(id),
        ProblemDecisionOutcome.AlreadyDecided => ApiProblem.Result(StatusCodes.Status409Conflict, "Already decided",
            $"Problem suggestion {id} was already {(suggestion is null ? "decided" : SqliteStore.ProblemStatusName(suggestion.Status))}."),
        _ => Results.Json(ProblemSuggestionDto.From(suggestion!), ProblemsJsonContext.Default.ProblemSuggestionDto),
    };

    private static IResult NotFound(long id) => ApiProblem.Result(StatusCodes.Status404NotFound, "Not found", $"There is no problem suggestion {id}.");

    /// <summary>The decision body; an empty body is no fields; anything else must be a JSON object.</summary>
    private static async Task<(ProblemDecisionRequest? Body, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var bytes = await RequestBody.ReadAsync(request, MaxBodyBytes, ct).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, ApiProblem.Result(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body is larger than {MaxBodyBytes} bytes."));
        }

        if (bytes.Length == 0)
        {
            return (null, null);
        }

        try
        {
            var body = JsonSerializer.Deserialize(bytes, ProblemsJsonContext.Default.ProblemDecisionRequest);
            var text = body?.Reason ?? body?.Note;
            if (text is { Length: > ProblemRecords.MaxReasonLength })
            {
                return (null, ApiProblem.Invalid("Invalid decision", $"{(body?.Reason is null ? "note" : "reason")}: longer than {ProblemRecords.MaxReasonLength} characters"));
            }

            return (body, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblem.Invalid("Invalid JSON", $"{ex.Path ?? "$"}: {ex.Message}"));
        }
    }
}
