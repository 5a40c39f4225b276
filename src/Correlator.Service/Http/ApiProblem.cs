namespace Correlator.Service.Http;

/// <summary>An RFC 9457 problem document, with the fields at fault for invalid input.</summary>
public sealed record ApiProblem(string Title, int Status, string Detail, IReadOnlyList<FieldError>? Errors = null)
{
    public string Type { get; init; } = "about:blank";
}

/// <summary>One field at fault: its JSON path (or query parameter) and what is wrong with it.</summary>
public sealed record FieldError(string Field, string Message);
