using Correlator.Domain;

namespace Correlator.Domain.Tests;

public sealed class FingerprintsTests
{
    private static readonly LabelSet Labels = LabelSet.From(("alertname", "HighLatency"), ("service", "checkout"), ("instance", "web-1"));

    [Fact]
    public void Compute_KnownInput_GivesTheStoredValue()
    {
        // Fingerprints are stored, so a change of algorithm would split every known condition in two.
        // The expected value is FNV-1a 64 over the UTF-16 bytes, computed independently.

        // Act
        var fingerprint = Fingerprints.Compute("alertmanager", Labels);

        // Assert
        Assert.Equal("3bd628aefed1eb5e", fingerprint);
    }

    [Fact]
    public void Compute_LabelsInAnotherOrder_SameFingerprint()
    {
        // Arrange
        var reordered = LabelSet.From(("instance", "web-1"), ("service", "checkout"), ("alertname", "HighLatency"));

        // Act
        var first = Fingerprints.Compute("alertmanager", Labels);
        var second = Fingerprints.Compute("alertmanager", reordered);

        // Assert
        Assert.Equal(first, second);
    }

    [Fact]
    public void Compute_OtherSource_DifferentFingerprint()
    {
        Assert.NotEqual(Fingerprints.Compute("alertmanager", Labels), Fingerprints.Compute("zabbix", Labels));
    }

    [Theory]
    [InlineData("instance", "web-2")]
    [InlineData("team", "shop")]
    public void Compute_OtherLabels_DifferentFingerprint(string name, string value)
    {
        // Arrange
        var other = LabelSet.From(Labels.Append(new KeyValuePair<string, string>(name, value)));

        // Act / Assert
        Assert.NotEqual(Fingerprints.Compute("alertmanager", Labels), Fingerprints.Compute("alertmanager", other));
    }

    [Fact]
    public void Compute_SameTextSplitDifferently_DifferentFingerprint()
    {
        // Separators keep name and value boundaries apart.
        var first = Fingerprints.Compute("s", LabelSet.From(("ab", "c")));
        var second = Fingerprints.Compute("s", LabelSet.From(("a", "bc")));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Compute_CharactersAboveLatin1_UseTheHighByte()
    {
        // U+0141 and U+0041 share their low byte.
        var first = Fingerprints.Compute("s", LabelSet.From(("host", "\u0141")));
        var second = Fingerprints.Compute("s", LabelSet.From(("host", "A")));

        Assert.NotEqual(first, second);
    }
}
