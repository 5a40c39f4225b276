namespace Correlator.Testing.Tests;

public sealed class TempDirectoryTests
{
    [Fact]
    public void Dispose_FolderWithFiles_DeletesEverything()
    {
        var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Combine("sub"));
        File.WriteAllText(directory.Combine(Path.Combine("sub", "file.txt")), "x");

        directory.Dispose();

        Assert.False(Directory.Exists(directory.Path));
    }

    [Fact]
    public void Constructor_TwoInstances_UniqueFoldersUnderCorrelatorTests()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        Assert.NotEqual(first.Path, second.Path);
        Assert.StartsWith(TempDirectory.Root, first.Path, StringComparison.Ordinal);
        Assert.True(Directory.Exists(first.Path));
    }
}
