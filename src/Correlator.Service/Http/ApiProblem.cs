namespace Correlator.Service.Http;

/// <summary>An RFC 9457 problem document, with the fields at fault for invalid input.</summary>
public sealed record ApiProblem(string Title, int Status, string Detail, IReadOnlyList<FieldError>? Errors = null)
{
    public string Type { get; init; } = "about:blank";

    /// <summary>The problem document as an <c>application/problem+json</c> answer with its status.</summary>
    public static IResult Result(int status, string title, string detail, IReadOnlyList<FieldError>? errors = null) =>
        Results.Json(new ApiProblem(title, status, detail, errors), ApiJsonContext.Default.ApiProblem, "application/problem+json", status);

    /// <summary>A 400 for one field, from an error written <c>field: what is wrong</c> (the whole text is the detail).</summary>
    public static IResult Invalid(string title, string error)
    {
        var colon = error.IndexOf(':', StringComparison.Ordinal);
        var field = colon > 0 ? error[..colon] : "";
        var message = colon > 0 ? error[(colon + 1)..].Trim() : error;
        return Result(StatusCodes.Status400BadRequest, title, error, [new FieldError(field, message)]);
    }
}

/// <summary>One field at fault: its JSON path (or query parameter) and what is wrong with it.</summary>
public sealed record FieldError(string Field, string Message);
