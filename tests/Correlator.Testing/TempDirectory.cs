namespace Correlator.Testing;

/// <summary>A unique folder under the system temp folder for one test's files, deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>The parent of every test folder, so a crashed run's leftovers are easy to find and remove.</summary>
    public static string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "correlator-tests");

    public TempDirectory(string? prefix = null)
    {
        var name = (prefix is null ? string.Empty : prefix + "-") + Guid.NewGuid().ToString("N");
        Path = Directory.CreateDirectory(System.IO.Path.Combine(Root, name)).FullName;
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="relativePath"/> inside this folder.</summary>
    public string Combine(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
