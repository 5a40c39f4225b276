namespace Correlator.Detection.Tests;

public sealed class FftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(5)]
    [InlineData(69)]
    [InlineData(100)]
    public void Forward_RandomInput_MatchesNaiveDft(int length)
    {
        var (re, im) = RandomComplex(length, seed: length);
        var (expectedRe, expectedIm) = NaiveDft(re, im);

        new Fft(length).Forward(re, im);

        for (var k = 0; k < length; k++)
        {
            Assert.Equal(expectedRe[k], re[k], 1e-9);
            Assert.Equal(expectedIm[k], im[k], 1e-9);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(69)]
    public void Inverse_AfterForward_ReturnsTheInput(int length)
    {
        var (re, im) = RandomComplex(length, seed: 3);
        var (originalRe, originalIm) = ((double[])re.Clone(), (double[])im.Clone());
        var fft = new Fft(length);

        fft.Forward(re, im);
        fft.Inverse(re, im);

        for (var t = 0; t < length; t++)
        {
            Assert.Equal(originalRe[t], re[t], 1e-12);
            Assert.Equal(originalIm[t], im[t], 1e-12);
        }
    }

    [Fact]
    public void Forward_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Fft(8).Forward(new double[7], new double[7]));
    }

    private static (double[] Re, double[] Im) RandomComplex(int length, int seed)
    {
        var random = new Random(seed);
        return ([.. Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5)],
                [.. Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5)]);
    }

    private static (double[] Re, double[] Im) NaiveDft(double[] re, double[] im)
    {
        var n = re.Length;
        var outRe = new double[n];
        var outIm = new double[n];
        for (var k = 0; k < n; k++)
        {
            for (var t = 0; t < n; t++)
            {
                var angle = -2.0 * Math.PI * k * t / n;
                outRe[k] += (re[t] * Math.Cos(angle)) - (im[t] * Math.Sin(angle));
                outIm[k] += (re[t] * Math.Sin(angle)) + (im[t] * Math.Cos(angle));
            }
        }

        return (outRe, outIm);
    }
}
