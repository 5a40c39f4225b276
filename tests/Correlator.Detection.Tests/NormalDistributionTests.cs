namespace Correlator.Detection.Tests;

public sealed class NormalDistributionTests
{
    // Reference values: CPython's math.erfc.
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.1, 0.8875370839817152)]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(0.75, 0.28884436634648486)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(2.0, 0.004677734981047265)]
    [InlineData(3.5, 7.430983723414128e-07)]
    [InlineData(4.0, 1.541725790028002e-08)]
    [InlineData(4.5, 1.9661604415428873e-10)]
    [InlineData(6.0, 2.1519736712498916e-17)]
    [InlineData(10.0, 2.088487583762545e-45)]
    [InlineData(20.0, 5.3958656116079005e-176)]
    [InlineData(26.0, 5.663192408856143e-296)]
    public void Erfc_AcrossAllThreeIntervals_MatchesReferenceToFullPrecision(double x, double expected)
    {
        var actual = NormalDistribution.Erfc(x);

        Assert.True(Math.Abs(actual - expected) <= 1e-14 * expected, $"erfc({x}) = {actual:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.7)]
    [InlineData(5.0)]
    public void Erfc_NegativeArgument_IsTwoMinusErfcOfItsMagnitude(double x)
    {
        Assert.Equal(2.0 - NormalDistribution.Erfc(x), NormalDistribution.Erfc(-x), 15);
    }

    [Fact]
    public void UpperTail_AtZeroAndFarOut_IsHalfAndVanishes()
    {
        Assert.Equal(0.5, NormalDistribution.UpperTail(0.0));
        Assert.Equal(0.0, NormalDistribution.UpperTail(50.0));
        Assert.Equal(1.0, NormalDistribution.UpperTail(double.NegativeInfinity));
    }
}
