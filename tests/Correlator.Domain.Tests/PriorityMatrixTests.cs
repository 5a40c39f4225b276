using Correlator.Domain;

namespace Correlator.Domain.Tests;

public sealed class PriorityMatrixTests
{
    [Theory]
    [InlineData(Impact.High, Urgency.High, Priority.P1)]
    [InlineData(Impact.High, Urgency.Medium, Priority.P2)]
    [InlineData(Impact.Medium, Urgency.High, Priority.P2)]
    [InlineData(Impact.High, Urgency.Low, Priority.P3)]
    [InlineData(Impact.Medium, Urgency.Medium, Priority.P3)]
    [InlineData(Impact.Low, Urgency.High, Priority.P3)]
    [InlineData(Impact.Medium, Urgency.Low, Priority.P4)]
    [InlineData(Impact.Low, Urgency.Medium, Priority.P4)]
    [InlineData(Impact.Low, Urgency.Low, Priority.P4)]
    public void PriorityOf_DefaultMatrix_FollowsItil(Impact impact, Urgency urgency, Priority expected)
    {
        Assert.Equal(expected, PriorityMatrix.Default.PriorityOf(impact, urgency));
    }

    [Fact]
    public void Constructor_PriorityRisingAsImpactFalls_Throws()
    {
        var cells = new[,]
        {
            { Priority.P2, Priority.P2, Priority.P3 },
            { Priority.P1, Priority.P3, Priority.P4 },
            { Priority.P3, Priority.P4, Priority.P4 },
        };

        var error = Assert.Throws<ArgumentException>(() => new PriorityMatrix(cells));
        Assert.Contains("must not rise", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WrongShape_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PriorityMatrix(new Priority[2, 3]));
    }

    [Fact]
    public void PriorityOf_UndefinedImpact_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PriorityMatrix.Default.PriorityOf((Impact)9, Urgency.High));
    }
}
