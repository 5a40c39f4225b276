namespace Correlator.Service.Eval.Telecom;

/// <summary><c>correlator eval telecom</c>.</summary>
internal static class TelecomCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter output) => throw new Cli.UsageException("eval telecom is not built yet.");
}
