using System.Text;

namespace Correlator.Ingestion.Tests;

/// <summary>
/// The byte-keyed lookups of <see cref="LabelValueCache"/> and <see cref="LabelNameCache"/>: whatever shares a slot,
/// a cache returns the string of exactly the bytes it was given, and shares a recurring one.
/// </summary>
public sealed class LabelCacheTests
{
    /// <summary>Pairs that differ in a way a shortcut could miss: case, one byte, length, non-ASCII of equal length.</summary>
    public static TheoryData<string, string> LookAlikes => new()
    {
        { "node", "nodf" },
        { "node", "NODE" },
        { "node", "node " },
        { "", " " },
        { "é", "e" },
        { "é", "ab" },
        { "名前", "名刺" },
        { "名前", "abcdef" },
        { "aé", "aè" },
        { "svc-12345678", "svc-12345679" },
        { "x-0123456789abcdef-1", "x-0123456789abcdef-2" },
    };

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void LabelValueCache_OneSlot_NeverReturnsTheStringOfOtherBytes(string first, string second)
    {
        var cache = new LabelValueCache(1);

        Assert.Equal(first, cache.Get(Encoding.UTF8.GetBytes(first)));
        Assert.Equal(second, cache.Get(Encoding.UTF8.GetBytes(second)));
        Assert.Equal(first, cache.Get(Encoding.UTF8.GetBytes(first)));
    }

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public void LabelNameCache_Full_NeverReturnsTheStringOfOtherBytes(string first, string second)
    {
        var cache = new LabelNameCache(1);

        Assert.Equal(first, cache.Get(Encoding.UTF8.GetBytes(first)));
        Assert.Equal(second, cache.Get(Encoding.UTF8.GetBytes(second)));
        Assert.Equal(first, cache.Get(Encoding.UTF8.GetBytes(first)));
    }

    [Theory]
    [InlineData("critical")]
    [InlineData("名前")]
    [InlineData("café-eu")]
    public void Caches_RecurringValue_SameInstance(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var values = new LabelValueCache(16);
        var names = new LabelNameCache(16);

        Assert.Same(values.Get(bytes), values.Get(bytes));
        Assert.Same(names.Get(bytes), names.Get(bytes));
        Assert.Equal(text, values.Get(bytes));
    }

    [Fact]
    public void Caches_ManyValuesThroughFewSlots_EachReadBackExactly()
    {
        // Deterministic pseudo-random strings, ASCII and not, up to the cached length and beyond, through 4 slots.
        var random = new Random(20261207);
        var values = new LabelValueCache(4);
        var names = new LabelNameCache(4);
        char[] alphabet = ['a', 'b', 'A', '0', '-', ':', 'é', '名', '€'];
        var seen = new List<string>();
        for (int i = 0; i < 5_000; i++)
        {
            var text = i % 3 == 0 && seen.Count > 0
                ? seen[random.Next(seen.Count)]
                : new string([.. Enumerable.Range(0, random.Next(0, 70)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            seen.Add(text);
            var bytes = Encoding.UTF8.GetBytes(text);

            Assert.Equal(text, values.Get(bytes));
            Assert.Equal(text, names.Get(bytes));
        }
    }

    [Theory]
    [InlineData("node", "node", true)]
    [InlineData("node", "nodE", false)]
    [InlineData("é", "é", true)]
    [InlineData("é", "e", false)]
    [InlineData("é", "éé", false)]
    [InlineData("ab", "é", false)]
    [InlineData("名前", "名前", true)]
    [InlineData("", "", true)]
    public void Matches_ComparesTheDecodedText(string bytes, string known, bool expected) =>
        Assert.Equal(expected, LabelValueCache.Matches(Encoding.UTF8.GetBytes(bytes), known));

    [Fact]
    public void ShortUtf8Hash_DependsOnEveryByteAndTheLength()
    {
        var text = "svc-0123456789abcdef-xyz"u8.ToArray();
        int hash = ShortUtf8Hash.Of(text);
        for (int i = 0; i < text.Length; i++)
        {
            var changed = (byte[])text.Clone();
            changed[i] ^= 1;
            Assert.NotEqual(hash, ShortUtf8Hash.Of(changed));
        }

        Assert.NotEqual(ShortUtf8Hash.Of("a"u8), ShortUtf8Hash.Of("a\0"u8));
        Assert.NotEqual(ShortUtf8Hash.Of(""u8), ShortUtf8Hash.Of("\0"u8));
    }
}
