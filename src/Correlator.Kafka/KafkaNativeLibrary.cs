using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Correlator.Kafka;

/// <summary>
/// Loads librdkafka for Confluent.Kafka before its first use, choosing a build that loads on this machine:
/// the librdkafka.redist package's default Linux build needs <c>libsasl2.so.3</c> (absent on Debian, which
/// ships <c>libsasl2.so.2</c>), while its <c>centos8</c> build links SASL statically and loads. A configured
/// path (<c>Kafka:LibrdkafkaPath</c>) wins; then each candidate is tried with <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>
/// and the first that loads is handed to <see cref="Library.Load(string)"/>.
/// </summary>
public static class KafkaNativeLibrary
{
    private static readonly Lock Gate = new();
    private static string? _loadedPath;

    /// <summary>The file librdkafka was loaded from, once <see cref="EnsureLoaded"/> succeeded.</summary>
    public static string? LoadedPath
    {
        get
        {
            lock (Gate)
            {
                return _loadedPath;
            }
        }
    }

    /// <summary>Loads librdkafka once per process and returns the file it came from; later calls return the same file.</summary>
    /// <exception cref="InvalidOperationException">No candidate loads; the message lists each file tried and why.</exception>
    public static string EnsureLoaded(string? configuredPath = null)
    {
        lock (Gate)
        {
            if (_loadedPath is not null)
            {
                return _loadedPath;
            }

            var tried = new List<string>();
            foreach (var candidate in Candidates(configuredPath))
            {
                if (!File.Exists(candidate))
                {
                    tried.Add(candidate + " (no such file)");
                    continue;
                }

                if (!NativeLibrary.TryLoad(candidate, out var handle))
                {
                    tried.Add(candidate + " (does not load: a shared library it needs is missing; see ldd)");
                    continue;
                }

                if (!Library.IsLoaded)
                {
                    Resolve(handle);
                    Library.Load(candidate);
                }

                _loadedPath = candidate;
                return candidate;
            }

            throw new InvalidOperationException("librdkafka could not be loaded. Tried: " + string.Join("; ", tried)
                + ". Set Kafka:LibrdkafkaPath to a librdkafka.so that loads on this machine.");
        }
    }

    /// <summary>
    /// Confluent.Kafka opens the library with <c>dlopen</c> imported from <c>"libdl"</c>, which resolves only
    /// where the development symlink <c>libdl.so</c> exists (Debian has just <c>libdl.so.2</c> without libc6-dev),
    /// and then binds its functions through <c>[DllImport]</c>s named after each build (<c>librdkafka</c>,
    /// <c>centos8-librdkafka</c>, ...): point the first at the versioned runtime file and every librdkafka name
    /// at the one module chosen here, so the whole process uses one librdkafka.
    /// </summary>
    private static void Resolve(IntPtr librdkafka)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, assembly, searchPath) =>
                name switch
                {
                    "libdl" => NativeLibrary.TryLoad("libdl.so.2", out var libdl) ? libdl : IntPtr.Zero,
                    _ when name.Contains("librdkafka", StringComparison.Ordinal) => librdkafka,
                    _ => IntPtr.Zero,
                });
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for Confluent.Kafka (by the host): leave it in charge.
        }
    }

    private static IEnumerable<string> Candidates(string? configuredPath)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            yield return Path.GetFullPath(configuredPath);
            yield break;
        }

        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeFolder(), "native");
        if (OperatingSystem.IsLinux())
        {
            yield return Path.Combine(native, "librdkafka.so");
            yield return Path.Combine(native, "centos8-librdkafka.so");
            yield return Path.Combine(native, "alpine-librdkafka.so");
            yield return Path.Combine(AppContext.BaseDirectory, "librdkafka.so");
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return Path.Combine(native, "librdkafka.dylib");
        }
        else
        {
            yield return Path.Combine(native, "librdkafka.dll");
        }
    }

    private static string RuntimeFolder()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            Architecture.X86 => "x86",
            Architecture.S390x => "s390x",
            var other => other.ToString().ToLowerInvariant(),
        };
        return os + "-" + arch;
    }
}
