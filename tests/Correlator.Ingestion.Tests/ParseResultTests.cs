using Correlator.Testing;

namespace Correlator.Ingestion.Tests;

public sealed class ParseResultTests
{
    [Fact]
    public void Success_WithSignals_IsValidAndHoldsThem()
    {
        var signal = Some.Alert();

        var result = ParseResult.Success([signal]);

        Assert.True(result.IsValid);
        Assert.Same(signal, Assert.Single(result.Signals));
    }

    [Fact]
    public void Failure_WithError_IsInvalidAndHoldsNoSignals()
    {
        var result = ParseResult.Failure("time", "required field is missing");

        Assert.False(result.IsValid);
        Assert.Empty(result.Signals);
        Assert.Equal("time: required field is missing", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Failure_WithoutErrors_Throws()
    {
        Assert.Throws<ArgumentException>(() => ParseResult.Failure([]));
    }

    [Fact]
    public void Failure_BeyondTheCap_Throws()
    {
        var errors = Enumerable.Range(0, ParseResult.MaxErrors + 1).Select(i => new IngestError("$", "e")).ToArray();

        Assert.Throws<ArgumentException>(() => ParseResult.Failure(errors));
    }
}
