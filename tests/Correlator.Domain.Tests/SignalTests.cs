using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Domain.Tests;

public sealed class SignalTests
{
    public static TheoryData<string, string> BlankValues => new()
    {
        { nameof(Signal.Source), string.Empty },
        { nameof(Signal.Source), "  " },
        { nameof(Signal.Fingerprint), string.Empty },
        { nameof(Signal.Fingerprint), "\t" },
        { nameof(Signal.Name), string.Empty },
        { nameof(Signal.Name), " " },
    };

    [Theory]
    [MemberData(nameof(BlankValues))]
    public void Init_BlankRequiredText_ThrowsNamingTheField(string field, string blank)
    {
        // Arrange
        var signal = Some.Alert();

        // Act
        var error = Assert.Throws<ArgumentException>(() => field switch
        {
            nameof(Signal.Source) => signal with { Source = blank },
            nameof(Signal.Fingerprint) => signal with { Fingerprint = blank },
            _ => signal with { Name = blank },
        });

        // Assert
        Assert.Equal(field, error.ParamName);
    }

    [Theory]
    [InlineData(nameof(Signal.EventTime))]
    [InlineData(nameof(Signal.StartsAt))]
    public void Init_DefaultTime_ThrowsNamingTheField(string field)
    {
        // Arrange
        var signal = Some.Alert();

        // Act
        var error = Assert.Throws<ArgumentException>(() => field == nameof(Signal.EventTime)
            ? signal with { EventTime = default }
            : signal with { StartsAt = default });

        // Assert
        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void Init_NullLabels_BecomeEmpty()
    {
        var signal = Some.Alert() with { Labels = null!, Annotations = null! };

        Assert.Same(LabelSet.Empty, signal.Labels);
        Assert.Same(LabelSet.Empty, signal.Annotations);
    }

    [Theory]
    [InlineData(SignalStatus.Firing, true)]
    [InlineData(SignalStatus.Resolved, false)]
    public void IsFiring_Status_FollowsIt(SignalStatus status, bool expected)
    {
        Assert.Equal(expected, Some.Alert(status: status).IsFiring);
    }

    [Fact]
    public void Equals_SameValuesBuiltTwice_Equal()
    {
        Assert.Equal(Some.Alert(at: 5), Some.Alert(at: 5));
        Assert.NotEqual(Some.Alert(at: 5), Some.Alert(at: 6));
    }
}
