namespace Correlator.Ingestion.LineProtocol;

/// <summary>One line that could not be read, named as InfluxDB names it: <c>unable to parse '&lt;line&gt;': &lt;reason&gt;</c>.</summary>
/// <param name="Line">1-based line number in the body.</param>
/// <param name="Text">The line (cut to 256 characters).</param>
/// <param name="Reason">What is wrong with it.</param>
public sealed record LineError(int Line, string Text, string Reason)
{
    public override string ToString() => $"unable to parse '{Text}': {Reason}";
}
