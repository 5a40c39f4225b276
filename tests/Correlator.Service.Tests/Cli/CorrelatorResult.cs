namespace Correlator.Service.Tests.Cli;

/// <summary>How one run of the <c>correlator</c> executable ended: its exit code and everything it printed.</summary>
internal sealed record CorrelatorResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The lines of standard output, without the empty ones.</summary>
    public IReadOnlyList<string> OutputLines =>
        StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>For assertion messages: what a user would have seen in the terminal.</summary>
    public override string ToString() =>
        $"exit code {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{StandardOutput}--- stderr ---{Environment.NewLine}{StandardError}";
}
