namespace Correlator.Detection;

/// <summary>Which departures from the recent values an IID detector reports.</summary>
public enum SpikeSide
{
    /// <summary>Values unusually high or unusually low.</summary>
    Both,

    /// <summary>Only values unusually high.</summary>
    Up,

    /// <summary>Only values unusually low.</summary>
    Down,
}
