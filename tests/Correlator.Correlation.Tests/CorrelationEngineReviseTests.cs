using Correlator.Correlation;
using Correlator.Domain;
using Correlator.Testing;

namespace Correlator.Correlation.Tests;

/// <summary>Changes decided outside correlation (a prediction, a person's verdict) applied to the engine's incidents.</summary>
public sealed class CorrelationEngineReviseTests
{
    [Fact]
    public void Revise_OpenIncident_RecordsTheNewVersionAndIncidentOfFindsIt()
    {
        var driver = new EngineDriver();
        var alert = Some.Alert(name: "CpuHigh", at: 0);
        driver.Feed(alert);

        var revised = driver.Engine.Revise(1, i => i.OpenAsPredicted("50%", Some.At(1)), driver.Changes);

        Assert.Equal(IncidentState.Predicted, revised?.State);
        Assert.Equal(IncidentState.Predicted, driver.Incident(1).State);
        Assert.Equal(1, driver.Engine.IncidentOf(alert.Fingerprint));
        Assert.Equal(IncidentState.Predicted, driver.Engine.FindOpen(1)?.State);
    }

    [Fact]
    public void Revise_Dismissed_ForgetsTheIncident_AndTheSignalFiringAgainOpensANewOne()
    {
        var driver = new EngineDriver();
        var alert = Some.Alert(name: "CpuHigh", at: 0);
        driver.Feed(alert);
        driver.Engine.Revise(1, i => i.OpenAsPredicted("50%", Some.At(1)), driver.Changes);

        driver.Engine.Revise(1, i => i.Dismiss("bob", "noise", Some.At(30)), driver.Changes);
        driver.Feed(Some.Alert(name: "CpuHigh", at: 60));

        Assert.Equal(IncidentState.Closed, driver.Incident(1).State);
        Assert.Null(driver.Engine.FindOpen(1));
        Assert.Equal(IncidentState.New, driver.Incident(2).State);
        Assert.Equal(1, driver.Stats.IncidentsClosed);
    }

    [Fact]
    public void Revise_ForbiddenMove_ThrowsAndLeavesTheIncident()
    {
        var driver = new EngineDriver();
        driver.Feed(Some.Alert(name: "CpuHigh", at: 0));

        Assert.Throws<InvalidOperationException>(() => driver.Engine.Revise(1, i => i.Confirm("ana", Some.At(5)), driver.Changes));
        Assert.Equal(IncidentState.New, driver.Engine.FindOpen(1)?.State);
        Assert.Null(driver.Engine.Revise(99, i => i, driver.Changes));
    }
}
