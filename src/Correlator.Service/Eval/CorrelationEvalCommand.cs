using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Eval;

/// <summary>The correlation evaluations: <c>eval nezha</c> and <c>eval telecom</c>.</summary>
internal static class CorrelationEvalCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter output) => args[0] switch
    {
        "nezha" => NezhaCommand.RunAsync(args[1..], output),
        _ => Telecom.TelecomCommand.RunAsync(args[1..], output),
    };
}
