using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

/// <summary>
/// Tallies the runtime's GC events in-process: per (generation, reason, type) the collections and the time the
/// execution engine stood suspended for them (suspend begin to restart end), so the pause can be split by cause.
/// </summary>
internal sealed class GcEventTally : EventListener
{
    private readonly Dictionary<string, (int Count, double PauseMs)> _tally = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private string _current = "none";
    private DateTime _suspended;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        lock (_lock)
        {
            switch (eventData.EventName)
            {
                case "GCStart_V2":
                    _current = string.Create(CultureInfo.InvariantCulture, $"gen{Read(eventData, "Depth")} reason {Read(eventData, "Reason")} type {Read(eventData, "Type")}");
                    var (count, pause) = _tally.GetValueOrDefault(_current);
                    _tally[_current] = (count + 1, pause);
                    break;
                case "GCSuspendEEBegin_V1":
                    _suspended = eventData.TimeStamp;
                    break;
                case "GCRestartEEEnd_V1" when _suspended != default:
                    var (c, p) = _tally.GetValueOrDefault(_current);
                    _tally[_current] = (c, p + (eventData.TimeStamp - _suspended).TotalMilliseconds);
                    _suspended = default;
                    break;
            }
        }
    }

    /// <summary>One line per (generation, reason, type): collections and suspended milliseconds.</summary>
    public string Summary()
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            foreach (var (key, (count, pause)) in _tally.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"  gc {key}: {count} collections, {pause:F0} ms suspended\n");
            }

            return text.ToString();
        }
    }

    private static string Read(EventWrittenEventArgs eventData, string name)
    {
        int index = eventData.PayloadNames?.IndexOf(name) ?? -1;
        return index < 0 ? "?" : Convert.ToString(eventData.Payload![index], CultureInfo.InvariantCulture) ?? "?";
    }
}
