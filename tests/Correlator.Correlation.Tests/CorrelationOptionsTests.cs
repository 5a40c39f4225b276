using Correlator.Correlation;
using Correlator.Domain;

namespace Correlator.Correlation.Tests;

public sealed class CorrelationOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new CorrelationOptions().Validate());
    }

    public static TheoryData<string, string> InvalidSettings => new()
    {
        { "no GroupBy", "Correlation:GroupBy " },
        { "blank GroupBy entry", "Correlation:GroupBy " },
        { "null GroupBy", "Correlation:GroupBy " },
        { "negative Window", "Correlation:Window " },
        { "negative QuietPeriod", "Correlation:QuietPeriod " },
        { "negative ReopenWindow", "Correlation:ReopenWindow " },
        { "AutoCloseAfter below ReopenWindow", "Correlation:AutoCloseAfter (00:05:00) must not be shorter than Correlation:ReopenWindow (00:10:00)" },
        { "no ImpactMediumResources", "Correlation:ImpactMediumResources " },
        { "ImpactHighResources below medium", "Correlation:ImpactMediumResources must be at least 1 and Correlation:ImpactHighResources at least as large" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Validate_OneBadSetting_OneErrorNamingItsKey(string problem, string expectedStart)
    {
        // Arrange
        var options = Broken(problem);

        // Act
        var errors = options.Validate();

        // Assert
        Assert.StartsWith(expectedStart, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeAutoClose_ReportsBothProblems()
    {
        var options = new CorrelationOptions { AutoCloseAfter = TimeSpan.FromSeconds(-1) };

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Correlation:AutoCloseAfter must not be negative", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Correlation:AutoCloseAfter (", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReopenWindowEqualToAutoClose_Valid()
    {
        var options = new CorrelationOptions { ReopenWindow = TimeSpan.FromHours(1), AutoCloseAfter = TimeSpan.FromHours(1) };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void EngineConstructor_InvalidOptions_ThrowsWithEveryKey()
    {
        // Arrange
        var options = new CorrelationOptions { GroupBy = [], Window = TimeSpan.FromSeconds(-1) };

        // Act
        var error = Assert.Throws<ArgumentException>(() => new CorrelationEngine(options, PriorityMatrix.Default, PipelineSnapshot.Empty));

        // Assert
        Assert.Equal("options", error.ParamName);
        Assert.Contains("Correlation:GroupBy", error.Message, StringComparison.Ordinal);
        Assert.Contains("Correlation:Window", error.Message, StringComparison.Ordinal);
    }

    private static CorrelationOptions Broken(string problem) => problem switch
    {
        "no GroupBy" => new() { GroupBy = [] },
        "blank GroupBy entry" => new() { GroupBy = ["service", " "] },
        "null GroupBy" => new() { GroupBy = null! },
        "negative Window" => new() { Window = TimeSpan.FromSeconds(-1) },
        "negative QuietPeriod" => new() { QuietPeriod = TimeSpan.FromSeconds(-1) },
        "negative ReopenWindow" => new() { ReopenWindow = TimeSpan.FromSeconds(-1) },
        "AutoCloseAfter below ReopenWindow" => new() { AutoCloseAfter = TimeSpan.FromMinutes(5) },
        "no ImpactMediumResources" => new() { ImpactMediumResources = 0 },
        "ImpactHighResources below medium" => new() { ImpactHighResources = 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
    };
}
