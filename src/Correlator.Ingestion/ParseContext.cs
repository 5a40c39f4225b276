namespace Correlator.Ingestion;

/// <summary>What the transport knows about a payload that the payload itself may not say.</summary>
/// <param name="SourceHint">
/// The source name configured for the endpoint or topic the payload came through, e.g. <c>alertmanager-eu</c>;
/// null when none is configured. Each parser documents how it uses it.
/// </param>
public sealed record ParseContext(string? SourceHint = null)
{
    /// <summary>A context with no hints.</summary>
    public static ParseContext None { get; } = new();

    /// <summary>The hint, or null when it is blank (a blank source would be rejected by <c>Signal</c>).</summary>
    internal string? Source => string.IsNullOrWhiteSpace(SourceHint) ? null : SourceHint.Trim();
}
