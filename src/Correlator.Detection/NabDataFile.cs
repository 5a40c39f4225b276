namespace Correlator.Detection;

/// <summary>
/// One NAB series with its labelled windows: the unit the scorer works on. A window runs from the
/// row whose timestamp equals its start to the row whose timestamp equals its end, as in NAB.
/// </summary>
public sealed class NabDataFile
{
    private readonly DateTimeOffset[] _timestamps;
    private readonly double[] _values;
    private readonly NabWindow[] _windows;

    public NabDataFile(string relativePath, IEnumerable<DateTimeOffset> timestamps, IEnumerable<double> values, IEnumerable<NabWindow> windows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        RelativePath = relativePath;
        _timestamps = [.. timestamps];
        _values = [.. values];
        _windows = [.. windows.OrderBy(w => w.Start)];
        if (_timestamps.Length != _values.Length)
        {
            throw new ArgumentException($"{relativePath}: {_timestamps.Length} timestamps but {_values.Length} values", nameof(values));
        }
    }

    /// <summary>The path under data/, with forward slashes (for example "realKnownCause/nyc_taxi.csv").</summary>
    public string RelativePath { get; }

    public IReadOnlyList<DateTimeOffset> Timestamps => _timestamps;

    public IReadOnlyList<double> Values => _values;

    public IReadOnlyList<NabWindow> Windows => _windows;

    public int RowCount => _timestamps.Length;

    /// <summary>Per row, whether it lies inside a labelled window (as NAB's scorer walks the rows).</summary>
    public bool[] InsideWindow() => [.. NabFileSweep.Create(this).WindowOf.Select(w => w != NabFileSweep.Outside)];
}
