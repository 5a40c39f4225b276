using System.IO.Compression;
using System.Text;
using Correlator.Ingestion.LineProtocol;
using Correlator.Service.Http;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Metrics;

/// <summary>
/// <c>POST /write</c> as InfluxDB 1.x answers it, so Telegraf's <c>outputs.influxdb</c> can point here:
/// query parameters <c>db</c> (required), <c>rp</c>, <c>precision</c>; a line-protocol body, gzip accepted.
/// 204 when every line was read; a body with bad lines keeps its good lines and answers 400
/// <c>{"error":"partial write: unable to parse '...': ... dropped=0"}</c>, as InfluxDB does; 413 over
/// <c>Metrics:Write:MaxBodyBytes</c>. <c>/ping</c> answers 204 like InfluxDB's.
/// </summary>
internal static class WriteEndpoint
{
    public static IEndpointRouteBuilder MapWriteEndpoint(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/write", HandleAsync)
            .RequireAuthorization(Security.Policies.Ingest)
            .WithTags("Ingestion")
            .WithName("InfluxWrite")
            .WithSummary("InfluxDB 1.x line-protocol write (db, rp, precision; gzip). Numeric fields feed the detector bank.");
        routes.MapMethods("/ping", ["GET", "HEAD"], (HttpContext context) =>
            {
                context.Response.Headers["X-Influxdb-Version"] = "1.8-compatible (correlator)";
                return Results.NoContent();
            })
            .AllowAnonymous()
            .WithTags("Ingestion")
            .WithName("InfluxPing")
            .WithSummary("204, as InfluxDB's /ping, for clients that check the server first.");
        return routes;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context, IOptions<WriteOptions> options, IOptions<LineProtocolLimits> limits, MetricPath path, WriteMetrics metrics, TimeProvider clock)
    {
        var query = context.Request.Query;
        if (string.IsNullOrEmpty(query["db"]))
        {
            return Error(metrics, StatusCodes.Status400BadRequest, "database is required");
        }

        var precisionText = query["precision"].ToString();
        if (!LineProtocolTime.TryParsePrecision(precisionText, out var precision))
        {
            return Error(metrics, StatusCodes.Status400BadRequest, $"invalid precision '{precisionText}': use n, u, ms, s, m or h");
        }

        // Kestrel's global cap follows Ingestion:MaxBodyBytes; this endpoint has its own limit.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = options.Value.MaxBodyBytes + 1;
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException error)
        {
            return Error(metrics, StatusCodes.Status400BadRequest, "invalid gzip body: " + error.Message);
        }

        if (body is null)
        {
            return Error(metrics, StatusCodes.Status413PayloadTooLarge, $"Request Entity Too Large: the body is larger than {options.Value.MaxBodyBytes} bytes (Metrics:Write:MaxBodyBytes)");
        }

        var parser = new LineProtocolParser(limits.Value);
        var batch = parser.Parse(body, precision, clock.GetUtcNow());
        if (batch.Samples.Count > 0)
        {
            try
            {
                await path.SubmitAsync(batch.Samples, null, null, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return Error(metrics, StatusCodes.Status503ServiceUnavailable, "the anomaly signals of these samples were not stored: " + error.Message);
            }
        }

        metrics.Written(batch.Points, batch.Samples.Count, batch.StringFieldsSkipped, batch.ErrorCount);
        if (!batch.HasErrors)
        {
            return Results.NoContent();
        }

        var message = new StringBuilder("partial write: ");
        message.AppendJoin('\n', batch.Errors);
        if (batch.ErrorCount > batch.Errors.Count)
        {
            message.Append("\n(").Append(batch.ErrorCount - batch.Errors.Count).Append(" more bad lines not listed)");
        }

        return Error(metrics, StatusCodes.Status400BadRequest, message.Append(" dropped=0").ToString());
    }

    /// <summary>The (decompressed) body, or null when larger than the limit; gzip is bounded after decompression too.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var raw = await RequestBody.ReadAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (raw is null || !string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            return raw;
        }

        using var input = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                return null;
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }

    private static IResult Error(WriteMetrics metrics, int status, string message)
    {
        metrics.Rejected(status);
        return Results.Json(new InfluxError(message), MetricsJsonContext.Default.InfluxError, statusCode: status);
    }
}
