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

    /// <summary>Every thread of this process now: its id, name (<c>comm</c>) and CPU so far; empty where /proc is missing.</summary>
    public static Dictionary<int, (string Name, TimeSpan Cpu)> Threads()
    {
        var threads = new Dictionary<int, (string Name, TimeSpan Cpu)>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return threads;
        }

        foreach (var folder in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                    && Parse(File.ReadAllText(Path.Combine(folder, "schedstat"))) is { } cpu)
                {
                    threads[id] = (File.ReadAllText(Path.Combine(folder, "comm")).Trim(), cpu);
                }
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }

        return threads;
    }

    /// <summary>
    /// The threads that used the most CPU between two <see cref="Threads"/> snapshots, grouped by name (threads
    /// alive at both only: the senders have ended by the second), with their CPU.
    /// </summary>
    public static List<(string Name, int Count, TimeSpan Cpu)> Busiest(Dictionary<int, (string Name, TimeSpan Cpu)> before, Dictionary<int, (string Name, TimeSpan Cpu)> after, int top)
    {
        var byName = new Dictionary<string, (int Count, TimeSpan Cpu)>(StringComparer.Ordinal);
        foreach (var (id, (name, cpu)) in after)
        {
            var used = cpu - (before.TryGetValue(id, out var earlier) ? earlier.Cpu : TimeSpan.Zero);
            var sum = byName.GetValueOrDefault(name);
            byName[name] = (sum.Count + 1, sum.Cpu + used);
        }

        return byName.OrderByDescending(p => p.Value.Cpu).Take(top).Select(p => (p.Key, p.Value.Count, p.Value.Cpu)).ToList();
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
