using System.Globalization;
using Correlator.Service.Replay;

namespace Correlator.Service.Cli;

/// <summary>A one-line progress bar on a terminal; on a redirected stream, a line every 10 %.</summary>
internal sealed class ProgressBar(TextWriter writer, long totalBytes)
{
    private const int Width = 30;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private int _lastTenth = -1;

    public void Report(long bytes, FeedSummary summary)
    {
        var fraction = totalBytes <= 0 ? 1.0 : Math.Clamp((double)bytes / totalBytes, 0, 1);
        if (_interactive)
        {
            var filled = (int)(fraction * Width);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0}  {summary.Lines} lines  {summary.Signals} signals  {summary.Rejected} rejected"));
            return;
        }

        var tenth = (int)(fraction * 10);
        if (tenth != _lastTenth)
        {
            _lastTenth = tenth;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fraction,4:P0}  {summary.Lines} lines  {summary.Signals} signals  {summary.Rejected} rejected"));
        }
    }

    public void Done(FeedSummary summary)
    {
        if (_interactive)
        {
            Report(totalBytes, summary);
            writer.WriteLine();
        }
    }
}
