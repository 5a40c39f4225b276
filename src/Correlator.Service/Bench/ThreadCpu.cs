using System.Globalization;

namespace Correlator.Service.Bench;

/// <summary>
/// CPU time (user and system) of the calling thread, from Linux's <c>/proc/thread-self/schedstat</c>, so that
/// <c>bench ingest</c> can tell its own sender threads' CPU from the in-process server's. Not <c>stat</c>'s
/// utime and stime: they are whole clock ticks (10 ms) per thread, and a sender thread of a short run uses a few
/// ms, so each one's would round down to nothing.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>The calling thread's CPU so far; null where the file is missing (not Linux).</summary>
    public static TimeSpan? Current()
    {
        string text;
        try
        {
            text = File.ReadAllText("/proc/thread-self/schedstat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(text);
    }

    /// <summary>The first field of a schedstat line: nanoseconds on a CPU.</summary>
    public static TimeSpan? Parse(string schedstat)
    {
        int space = schedstat.IndexOf(' ', StringComparison.Ordinal);
        return long.TryParse(space < 0 ? schedstat.Trim() : schedstat[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds)
            ? TimeSpan.FromTicks(nanoseconds / 100)
            : null;
    }
}
