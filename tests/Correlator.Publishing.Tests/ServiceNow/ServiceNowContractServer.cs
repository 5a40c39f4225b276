using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Correlator.Publishing.Tests.ServiceNow;

/// <summary>
/// A stand-in for a ServiceNow instance (none can run here) that enforces the Table API's documented contract
/// and refuses what an instance would refuse: basic auth, <c>/api/now/table/{table}[/{sys_id}]</c> only, the verbs
/// each path takes, JSON bodies, known fields of <c>incident</c> and <c>problem</c>, choice values, the data
/// policies on resolve and hold, reference fields given as sys_ids (or display values with
/// <c>sysparm_input_display_value=true</c>). Answers are wrapped in <c>{"result": …}</c>, errors in
/// <c>{"error":{"message","detail"},"status":"failure"}</c>. It is stricter than an instance on unknown fields,
/// which an instance ignores silently. Like an instance, it ignores a query condition on an unknown field.
/// </summary>
public sealed class ServiceNowContractServer : IAsyncDisposable
{
    public const string User = "correlator.integration";
    public const string Password = "s3cret-Passw0rd";

    private static readonly Dictionary<string, HashSet<string>> Writable = new(StringComparer.Ordinal)
    {
        ["incident"] = ["short_description", "description", "impact", "urgency", "state", "correlation_id", "correlation_display", "work_notes",
            "comments", "cmdb_ci", "close_code", "close_notes", "problem_id", "hold_reason", "assignment_group", "caller_id", "category"],
        ["problem"] = ["short_description", "description", "correlation_id", "correlation_display", "work_notes", "state"],
    };

    private static readonly string[] Journal = ["work_notes", "comments"];
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JsonObject>> _tables = new(StringComparer.Ordinal);
    private readonly Lock _write = new();
    private LocalHttpServer? _server;
    private int _number;

    public Uri Url => _server?.Url ?? throw new InvalidOperationException("not started");

    /// <summary>When set, every request is answered 429 with this Retry-After (seconds) until it is cleared.</summary>
    public int? RateLimitSeconds { get; set; }

    public IReadOnlyCollection<RecordedRequest> Requests => _server?.Requests ?? throw new InvalidOperationException("not started");

    public IReadOnlyList<JsonObject> Records(string table) => [.. _tables.GetOrAdd(table, _ => new()).Values];

    public static async Task<ServiceNowContractServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new ServiceNowContractServer();
        server._server = await LocalHttpServer.StartAsync(server.HandleAsync, cancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task HandleAsync(RecordedRequest request, HttpContext context)
    {
        var (status, body) = Handle(request, context.Request);
        context.Response.StatusCode = status;
        if (status == 429)
        {
            context.Response.Headers.RetryAfter = RateLimitSeconds!.Value.ToString(CultureInfo.InvariantCulture);
        }

        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
        }
    }

    private (int, JsonNode?) Handle(RecordedRequest request, HttpRequest http)
    {
        if (RateLimitSeconds is not null)
        {
            return Error(429, "Rate limit exceeded", "Too many requests");
        }

        if (!Authorized(http.Headers.Authorization.ToString()))
        {
            return Error(401, "User Not Authenticated", "Required to provide Auth information");
        }

        var segments = http.Path.Value!.Trim('/').Split('/');
        int at = segments is ["api", "now", "v1" or "v2", "table", ..] ? 4 : segments is ["api", "now", "table", ..] ? 3 : -1;
        if (at < 0 || segments.Length < at + 1 || segments.Length > at + 2)
        {
            return Error(400, "Requested URI does not represent any resource", null);
        }

        var table = segments[at];
        var sysId = segments.Length == at + 2 ? segments[at + 1] : null;
        if (!Writable.ContainsKey(table) && table != "sys_journal_field")
        {
            return Error(400, $"Invalid table {table}", null);
        }

        return (http.Method, sysId) switch
        {
            ("GET", null) => Query(table, http.Query),
            ("GET", { } id) => Get(table, id, http.Query),
            ("POST", null) => Write(table, null, request, http),
            ("PUT" or "PATCH", { } id) => Write(table, id, request, http),
            ("DELETE", { } id) => Delete(table, id),
            _ => Error(405, "Method not Supported", $"{http.Method} is not supported on {http.Path}"),
        };
    }

    private static bool Authorized(string header) =>
        header == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

    private (int, JsonNode?) Write(string table, string? sysId, RecordedRequest request, HttpRequest http)
    {
        if (table == "sys_journal_field")
        {
            return Error(403, "Operation Failed", "ACL Exception Insert Failed due to security constraints");
        }

        if (http.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Error(415, "Unsupported Media Type", $"Content-Type {http.ContentType} is not application/json");
        }

        JsonObject? fields;
        try
        {
            fields = JsonNode.Parse(request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return Error(400, "Exception while reading request", "The payload is not valid JSON.");
        }

        if (fields is null)
        {
            return Error(400, "Exception while reading request", "The payload is not a JSON object.");
        }

        var rows = _tables.GetOrAdd(table, _ => new());
        lock (_write)
        {
            JsonObject record;
            if (sysId is null)
            {
                record = new JsonObject { ["sys_id"] = Guid.NewGuid().ToString("N"), ["number"] = (table == "incident" ? "INC" : "PRB") + (1_000_000 + ++_number).ToString(CultureInfo.InvariantCulture) };
            }
            else if (!rows.TryGetValue(sysId, out var found))
            {
                return Error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
            }
            else
            {
                record = (JsonObject)found.DeepClone();
            }

            bool displayValues = http.Query["sysparm_input_display_value"] == "true";
            foreach (var (name, value) in fields)
            {
                if (Check(table, name, value, displayValues) is { } problem)
                {
                    return Error(400, problem, $"field {name}");
                }

                if (Journal.Contains(name))
                {
                    AddJournal(record["sys_id"]!.ToString(), name, value!.ToString());
                }
                else
                {
                    record[name] = value!.ToString();
                }
            }

            if (table == "incident" && Policy(record) is { } violation)
            {
                return Error(400, "Data Policy Exception: ", violation);
            }

            if (table == "incident")
            {
                record["priority"] = Priority(record["impact"]?.ToString() ?? "3", record["urgency"]?.ToString() ?? "3");
            }

            rows[record["sys_id"]!.ToString()] = record;
            return (sysId is null ? 201 : 200, new JsonObject { ["result"] = record.DeepClone() });
        }
    }

    private string? Check(string table, string name, JsonNode? value, bool displayValues)
    {
        if (!Writable[table].Contains(name))
        {
            return name is "priority" or "number" or "sys_id" ? $"Field {name} is read-only" : $"Invalid field {name} for table {table}";
        }

        if (value is not JsonValue scalar || scalar.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return $"Field {name} must be a string";
        }

        var text = value.ToString();
        return name switch
        {
            "impact" or "urgency" when text is not ("1" or "2" or "3") => $"Invalid choice {text} for {name}",
            "state" when text is not ("1" or "2" or "3" or "6" or "7" or "8") => $"Invalid choice {text} for state",
            "cmdb_ci" when !displayValues && !IsSysId(text) => "Reference field cmdb_ci needs a sys_id (or sysparm_input_display_value=true)",
            "problem_id" when !_tables.GetOrAdd("problem", _ => new()).ContainsKey(text) => $"Reference field problem_id: no problem with sys_id {text}",
            _ => null,
        };
    }

    private static string? Policy(JsonObject record) => record["state"]?.ToString() switch
    {
        "6" or "7" when string.IsNullOrEmpty(record["close_code"]?.ToString()) || string.IsNullOrEmpty(record["close_notes"]?.ToString()) =>
            "The following fields are mandatory: Resolution code, Resolution notes",
        "3" when string.IsNullOrEmpty(record["hold_reason"]?.ToString()) => "The following fields are mandatory: On hold reason",
        _ => null,
    };

    private static string Priority(string impact, string urgency) => Math.Min(5, int.Parse(impact, CultureInfo.InvariantCulture) + int.Parse(urgency, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture);

    private static bool IsSysId(string text) => text.Length == 32 && text.All(Uri.IsHexDigit);

    private void AddJournal(string elementId, string element, string value)
    {
        var id = Guid.NewGuid().ToString("N");
        _tables.GetOrAdd("sys_journal_field", _ => new())[id] = new JsonObject { ["sys_id"] = id, ["element_id"] = elementId, ["element"] = element, ["value"] = value };
    }

    private (int, JsonNode?) Query(string table, IQueryCollection query)
    {
        IEnumerable<JsonObject> rows = _tables.GetOrAdd(table, _ => new()).Values;
        foreach (var condition in query["sysparm_query"].ToString().Split('^', StringSplitOptions.RemoveEmptyEntries))
        {
            var like = condition.IndexOf("LIKE", StringComparison.Ordinal);
            var eq = condition.IndexOf('=', StringComparison.Ordinal);
            var (field, value, contains) = like > 0 && (eq < 0 || like < eq) ? (condition[..like], condition[(like + 4)..], true) : eq > 0 ? (condition[..eq], condition[(eq + 1)..], false) : (condition, string.Empty, false);
            var known = table == "sys_journal_field" ? field is "element_id" or "element" or "value" : Writable[table].Contains(field) || field is "sys_id" or "number";
            if (!known)
            {
                continue; // an instance ignores an invalid condition (glide.invalid_query.returns_no_rows is false by default)
            }

            rows = rows.Where(r => r[field]?.ToString() is { } actual && (contains ? actual.Contains(value, StringComparison.Ordinal) : actual == value));
        }

        var limit = int.TryParse(query["sysparm_limit"], CultureInfo.InvariantCulture, out var l) ? l : 10_000;
        var fields = query["sysparm_fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var result = new JsonArray([.. rows.Take(limit).Select(r => Project(r, fields))]);
        return (200, new JsonObject { ["result"] = result });
    }

    private (int, JsonNode?) Get(string table, string sysId, IQueryCollection query) =>
        _tables.GetOrAdd(table, _ => new()).TryGetValue(sysId, out var record)
            ? (200, new JsonObject { ["result"] = Project(record, query["sysparm_fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries)) })
            : Error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");

    private (int, JsonNode?) Delete(string table, string sysId) =>
        _tables.GetOrAdd(table, _ => new()).TryRemove(sysId, out _) ? (204, null) : Error(404, "No Record found", null);

    private static JsonNode Project(JsonObject record, string[] fields)
    {
        if (fields.Length == 0)
        {
            return record.DeepClone();
        }

        var projected = new JsonObject();
        foreach (var field in fields)
        {
            projected[field] = record[field]?.DeepClone() ?? string.Empty;
        }

        return projected;
    }

    private static (int, JsonNode?) Error(int status, string message, string? detail) =>
        (status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["detail"] = detail }, ["status"] = "failure" });
}
