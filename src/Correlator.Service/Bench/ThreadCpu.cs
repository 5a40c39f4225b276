using System.Globalization;

namespace Correlator.Service.Bench;

/// <summary>
/// CPU time (user and system) of the calling thread, from Linux's <c>/proc/thread-self/stat</c>, so that
/// <c>bench ingest</c> can tell its own sender threads' CPU from the in-process server's.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>USER_HZ, the unit of the stat file's times: 100 on every Linux architecture .NET runs on.</summary>
    private const int TicksPerSecond = 100;

    /// <summary>The calling thread's CPU so far; null where the file is missing (not Linux).</summary>
    public static TimeSpan? Current() => Read("/proc/thread-self/stat");

    /// <summary>The CPU of the thread or process whose stat file is <paramref name="path"/>; null when it cannot be read.</summary>
    public static TimeSpan? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
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

    /// <summary>utime + stime (fields 14 and 15) of a stat line; the name in field 2 may hold spaces, so count after its ')'.</summary>
    public static TimeSpan? Parse(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
        {
            return null;
        }

        return TimeSpan.FromSeconds((user + system) / (double)TicksPerSecond);
    }
}
