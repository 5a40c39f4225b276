namespace Correlator.Service.Eval.Telecom;

/// <summary>Placeholder.</summary>
internal static class TelecomCrossTune
{
    public static Task RunAsync(List<TelecomData> sets, Correlator.Correlation.Learning.HawkesSettings settings, Dictionary<string, object> figures, TextWriter output) => Task.CompletedTask;
}
