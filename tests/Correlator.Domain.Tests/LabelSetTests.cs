using Correlator.Domain;

namespace Correlator.Domain.Tests;

public sealed class LabelSetTests
{
    [Fact]
    public void Equals_SamePairsInAnotherOrder_EqualWithSameHash()
    {
        // Arrange
        var first = LabelSet.From(("service", "checkout"), ("alertname", "HighLatency"), ("instance", "web-1"));
        var second = LabelSet.From(("instance", "web-1"), ("service", "checkout"), ("alertname", "HighLatency"));

        // Act
        var equal = first.Equals(second);

        // Assert
        Assert.True(equal);
        Assert.True(first.Equals((object)second));
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Theory]
    [InlineData("service", "payments")]
    [InlineData("Service", "checkout")]
    [InlineData("team", "checkout")]
    public void Equals_OneNameOrValueDiffers_NotEqual(string name, string value)
    {
        // Arrange
        var first = LabelSet.From(("alertname", "HighLatency"), ("service", "checkout"));
        var second = LabelSet.From(("alertname", "HighLatency"), (name, value));

        // Act
        var equal = first.Equals(second);

        // Assert
        Assert.False(equal);
    }

    [Fact]
    public void Equals_SubsetOfPairs_NotEqual()
    {
        var first = LabelSet.From(("a", "1"), ("b", "2"));
        var second = LabelSet.From(("a", "1"));

        Assert.False(first.Equals(second));
        Assert.False(second.Equals(first));
        Assert.False(first.Equals(null));
    }

    [Fact]
    public void From_NameGivenTwice_KeepsLastValue()
    {
        // Act
        var labels = LabelSet.From(("severity", "warning"), ("service", "checkout"), ("severity", "critical"));

        // Assert
        Assert.Equal(2, labels.Count);
        Assert.Equal("critical", labels.GetValueOrDefault("severity"));
        Assert.Equal(LabelSet.From(("service", "checkout"), ("severity", "critical")), labels);
    }

    [Fact]
    public void From_UnsortedPairs_EnumeratesInOrdinalNameOrder()
    {
        // Act
        var labels = LabelSet.From(("b", "2"), ("a", "1"), ("B", "3"), ("_x", "4"));

        // Assert
        Assert.Equal(["B", "_x", "a", "b"], labels.Select(p => p.Key));
        Assert.Equal("3", labels[0].Value);
    }

    [Fact]
    public void From_ManyPairsWithDuplicates_SortedAndLastValueWins()
    {
        // Arrange: 40 names in reverse order, each given twice (second value wins), plus a third value for n07.
        var pairs = Enumerable.Range(0, 40).Reverse()
            .SelectMany(i => new[] { ($"n{i:D2}", "first"), ($"n{i:D2}", $"v{i}") })
            .Append(("n07", "third"))
            .ToArray();

        // Act
        var labels = LabelSet.From(pairs);

        // Assert
        Assert.Equal(40, labels.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"n{i:D2}"), labels.Select(p => p.Key));
        Assert.Equal("third", labels.GetValueOrDefault("n07"));
        Assert.Equal("v39", labels.GetValueOrDefault("n39"));
        Assert.Equal("v0", labels.GetValueOrDefault("n00"));
        Assert.Equal(labels, LabelSet.From(pairs.Reverse().Where(p => p.Item2 != "first" && p != ("n07", "v7")).ToArray()));
    }

    [Fact]
    public void From_NoPairs_ReturnsEmpty()
    {
        var labels = LabelSet.From(Array.Empty<KeyValuePair<string, string>>());

        Assert.Same(LabelSet.Empty, labels);
        Assert.Empty(labels);
        Assert.Equal("{}", labels.ToString());
    }

    [Fact]
    public void From_EmptyName_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => LabelSet.From(("service", "checkout"), (string.Empty, "x")));

        Assert.Equal("pairs", error.ParamName);
    }

    [Fact]
    public void From_NullValue_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => LabelSet.From(new[] { new KeyValuePair<string, string>("service", null!) }));
    }

    [Theory]
    [InlineData("a", true, "1")]
    [InlineData("c", true, "3")]
    [InlineData("e", true, "5")]
    [InlineData("g", true, "7")]
    [InlineData("b", true, "2")]
    [InlineData("f", true, "6")]
    [InlineData("0", false, "")]
    [InlineData("cc", false, "")]
    [InlineData("h", false, "")]
    [InlineData("A", false, "")]
    [InlineData("", false, "")]
    public void TryGetValue_SevenPairs_FindsEveryNameAndNoOther(string name, bool expectedFound, string expectedValue)
    {
        // Arrange
        var labels = LabelSet.From(("g", "7"), ("e", "5"), ("a", "1"), ("c", "3"), ("b", "2"), ("f", "6"), ("d", "4"));

        // Act
        var found = labels.TryGetValue(name, out var value);

        // Assert
        Assert.Equal(expectedFound, found);
        Assert.Equal(expectedValue, value);
    }

    [Fact]
    public void TryGetValue_Empty_ReturnsFalse()
    {
        Assert.False(LabelSet.Empty.TryGetValue("a", out var value));
        Assert.Equal(string.Empty, value);
    }

    [Fact]
    public void GetValueOrDefault_AbsentName_ReturnsNull()
    {
        var labels = LabelSet.From(("service", "checkout"));

        Assert.Null(labels.GetValueOrDefault("team"));
        Assert.Equal("checkout", labels.GetValueOrDefault("service"));
    }

    [Fact]
    public void ToString_Pairs_ListsThemSorted()
    {
        var labels = LabelSet.From(("service", "checkout"), ("alertname", "Down"));

        Assert.Equal("{alertname=\"Down\", service=\"checkout\"}", labels.ToString());
    }
}
