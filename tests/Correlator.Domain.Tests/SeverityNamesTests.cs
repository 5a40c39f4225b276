using Correlator.Domain;

namespace Correlator.Domain.Tests;

public sealed class SeverityNamesTests
{
    [Theory]
    [InlineData("critical", Severity.Critical)]
    [InlineData("CRITICAL", Severity.Critical)]
    [InlineData("crit", Severity.Critical)]
    [InlineData("fatal", Severity.Critical)]
    [InlineData("emergency", Severity.Critical)]
    [InlineData("emerg", Severity.Critical)]
    [InlineData("alert", Severity.Critical)]
    [InlineData("Disaster", Severity.Critical)]
    [InlineData("page", Severity.Critical)]
    [InlineData("P1", Severity.Critical)]
    [InlineData("major", Severity.Major)]
    [InlineData("error", Severity.Major)]
    [InlineData("err", Severity.Major)]
    [InlineData("High", Severity.Major)]
    [InlineData("p2", Severity.Major)]
    [InlineData("minor", Severity.Minor)]
    [InlineData("Average", Severity.Minor)]
    [InlineData("medium", Severity.Minor)]
    [InlineData("moderate", Severity.Minor)]
    [InlineData("p3", Severity.Minor)]
    [InlineData("warning", Severity.Warning)]
    [InlineData("WARN", Severity.Warning)]
    [InlineData("low", Severity.Warning)]
    [InlineData("p4", Severity.Warning)]
    [InlineData("info", Severity.Info)]
    [InlineData("informational", Severity.Info)]
    [InlineData("information", Severity.Info)]
    [InlineData("notice", Severity.Info)]
    [InlineData("debug", Severity.Info)]
    [InlineData("none", Severity.Info)]
    [InlineData("OK", Severity.Info)]
    [InlineData("p5", Severity.Info)]
    [InlineData("Not classified", Severity.Info)]
    [InlineData("  critical\t", Severity.Critical)]
    public void TryParse_KnownWord_ReturnsItsSeverity(string word, Severity expected)
    {
        // Act
        var parsed = SeverityNames.TryParse(word, out var severity);

        // Assert
        Assert.True(parsed);
        Assert.Equal(expected, severity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("severe")]
    [InlineData("p6")]
    [InlineData("critical!")]
    [InlineData("notclassified")]
    [InlineData("4")]
    public void TryParse_UnknownWord_ReturnsFalse(string word)
    {
        // Act
        var parsed = SeverityNames.TryParse(word, out _);

        // Assert
        Assert.False(parsed);
    }

    [Theory]
    [InlineData(Severity.Info, "info")]
    [InlineData(Severity.Warning, "warning")]
    [InlineData(Severity.Minor, "minor")]
    [InlineData(Severity.Major, "major")]
    [InlineData(Severity.Critical, "critical")]
    public void ToName_EverySeverity_CanonicalNameThatParsesBack(Severity severity, string expected)
    {
        // Act
        var name = SeverityNames.ToName(severity);

        // Assert
        Assert.Equal(expected, name);
        Assert.True(SeverityNames.TryParse(name, out var parsed));
        Assert.Equal(severity, parsed);
    }

    [Fact]
    public void ToName_UndefinedSeverity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeverityNames.ToName((Severity)42));
    }
}
