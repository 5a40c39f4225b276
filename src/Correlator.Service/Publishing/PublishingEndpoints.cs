using System.Globalization;
using System.Text;
using Correlator.Domain;
using Correlator.Service.Http;
using Correlator.Storage;

namespace Correlator.Service.Publishing;

/// <summary>What the outbox holds: parked rows with the target's error (and putting one back in line), counts per target.</summary>
internal static class PublishingEndpoints
{
    public static IEndpointRouteBuilder MapPublishingEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/outbox").WithTags("Publishing").RequireAuthorization(Security.Policies.Read);
        group.MapGet("/", async (SqliteStore store, PublishingHost host, CancellationToken ct) =>
                Results.Json(await StatusAsync(store, host, ct), PublishingJsonContext.Default.OutboxStatusDto))
            .WithName("OutboxStatus")
            .WithSummary("Rows pending, delivered and parked per target, and what each publisher did since start.");
        group.MapGet("/parked", async (string? target, int? limit, SqliteStore store, CancellationToken ct) =>
            {
                if (limit is < 1 or > 1000)
                {
                    return ApiProblem.Result(StatusCodes.Status400BadRequest, "Invalid parameter", "limit must be 1 to 1000.");
                }

                var rows = await store.ListOutboxAsync(OutboxStatus.Parked, target, limit ?? 100, ct);
                return Results.Json(rows.Select(ToDto).ToList(), PublishingJsonContext.Default.ListParkedRowDto);
            })
            .WithName("ParkedOutboxRows")
            .WithSummary("Outbox rows parked after a permanent error, oldest first, with the target's error text; ?target=&limit= (1..1000, default 100).");
        group.MapPost("/{id:long}/retry", async (long id, SqliteStore store, CancellationToken ct) =>
                await store.RetryParkedAsync(id, ct) ? Results.NoContent() : Results.NotFound())
            .RequireAuthorization(Security.Policies.Admin)
            .WithName("RetryParkedOutboxRow")
            .WithSummary("Puts a parked row back in line (after the cause was fixed); 404 when no parked row has that id.");
        return routes;
    }

    public static async Task<OutboxStatusDto> StatusAsync(SqliteStore store, PublishingHost host, CancellationToken cancellationToken)
    {
        var counts = await store.CountOutboxAsync(cancellationToken);
        var targets = counts.Select(c =>
        {
            var stats = host.Publishers.FirstOrDefault(p => p.Target == c.Target)?.Stats;
            return new OutboxTargetDto(c.Target, c.Pending, c.Done, c.Parked, c.OldestPendingAt, stats?.Delivered ?? 0, stats?.Retries ?? 0,
                stats?.Deferred ?? 0, stats?.CircuitOpen ?? false, stats?.LastError);
        }).ToList();
        return new OutboxStatusDto(targets.Sum(t => t.Parked), targets);
    }

    /// <summary>Prometheus lines for the outbox, appended to /metrics.</summary>
    public static async Task AppendMetricsAsync(StringBuilder text, SqliteStore store, PublishingHost host, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(store, host, cancellationToken);
        Family(text, "correlator_outbox_rows", "gauge", "Outbox rows per target and status.", status.Targets.SelectMany(t => new[]
        {
            ($"target=\"{t.Target}\",status=\"pending\"", t.Pending), ($"target=\"{t.Target}\",status=\"done\"", t.Done), ($"target=\"{t.Target}\",status=\"parked\"", t.Parked),
        }));
        Family(text, "correlator_outbox_delivered_total", "counter", "Effects delivered since start, per target.", status.Targets.Select(t => ($"target=\"{t.Target}\"", t.Delivered)));
        Family(text, "correlator_outbox_retries_total", "counter", "Calls retried since start, per target.", status.Targets.Select(t => ($"target=\"{t.Target}\"", t.Retries)));
        Family(text, "correlator_outbox_circuit_open", "gauge", "1 while the target's circuit breaker is open.", status.Targets.Select(t => ($"target=\"{t.Target}\"", t.CircuitOpen ? 1L : 0L)));
    }

    private static void Family(StringBuilder text, string name, string type, string help, IEnumerable<(string Labels, long Value)> samples)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples)
        {
            text.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static ParkedRowDto ToDto(OutboxEntry row) =>
        new(row.Id, row.Target, row.Effect.Stream, row.Effect.Kind, row.Effect.Key, row.CreatedAt, row.Attempts, row.Error, row.ExternalRef);
}

public sealed record ParkedRowDto(long Id, string Target, string Stream, string Kind, string Key, DateTimeOffset CreatedAt, int Attempts, string? Error, string? ExternalRef);

public sealed record OutboxTargetDto(string Target, long Pending, long Done, long Parked, DateTimeOffset? OldestPendingAt, long Delivered, long Retries, long Deferred, bool CircuitOpen, string? LastError);

public sealed record OutboxStatusDto(long Parked, IReadOnlyList<OutboxTargetDto> Targets);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(OutboxStatusDto))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<ParkedRowDto>))]
internal sealed partial class PublishingJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
