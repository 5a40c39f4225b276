namespace Correlator.Detection;

/// <summary>
/// Several detectors fed the same values, their scores combined by maximum or mean: a value
/// flagged by either member (max) or by both a little (mean) stands out.
/// </summary>
internal sealed class EnsembleDetector : IStreamingDetector
{
    private readonly IStreamingDetector[] _members;
    private readonly bool _useMaximum;

    public EnsembleDetector(string name, bool useMaximum, params IStreamingDetector[] members)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfZero(members.Length);
        Name = name;
        _useMaximum = useMaximum;
        _members = members;
    }

    public string Name { get; }

    public double Score(DateTimeOffset time, double value)
    {
        var combined = 0.0;
        foreach (var member in _members)
        {
            var score = member.Score(time, value);
            combined = _useMaximum ? Math.Max(combined, score) : combined + (score / _members.Length);
        }

        return combined;
    }
}
