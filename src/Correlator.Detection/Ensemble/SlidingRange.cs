namespace Correlator.Detection.Ensemble;

/// <summary>
/// The smallest and largest of the recent values, kept per block of values so the state is fixed:
/// <c>ceil(window / block)</c> completed blocks plus the block being filled, two doubles each. The range
/// covers the last <c>window</c> to <c>window + block - 1</c> values (the oldest block leaves whole).
/// </summary>
internal sealed class SlidingRange
{
    private readonly int _blockSize;
    private readonly double[] _blockMin;
    private readonly double[] _blockMax;
    private int _blocks;
    private int _nextBlock;
    private double _currentMin = double.PositiveInfinity;
    private double _currentMax = double.NegativeInfinity;
    private int _currentCount;

    public SlidingRange(int window, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _blockSize = blockSize;
        var blocks = (window + blockSize - 1) / blockSize;
        _blockMin = new double[blocks];
        _blockMax = new double[blocks];
    }

    /// <summary>How many values the range is taken over now (at most window + block - 1).</summary>
    public int Count => (_blocks * _blockSize) + _currentCount;

    /// <summary>True when some remembered value is at or below <paramref name="value"/> and some at or above it.</summary>
    public bool Contains(double value)
    {
        var min = _currentMin;
        var max = _currentMax;
        for (var i = 0; i < _blocks; i++)
        {
            min = Math.Min(min, _blockMin[i]);
            max = Math.Max(max, _blockMax[i]);
        }

        return min <= value && value <= max;
    }

    public void Add(double value)
    {
        _currentMin = Math.Min(_currentMin, value);
        _currentMax = Math.Max(_currentMax, value);
        if (++_currentCount < _blockSize)
        {
            return;
        }

        _blockMin[_nextBlock] = _currentMin;
        _blockMax[_nextBlock] = _currentMax;
        _nextBlock = (_nextBlock + 1) % _blockMin.Length;
        _blocks = Math.Min(_blocks + 1, _blockMin.Length);
        _currentMin = double.PositiveInfinity;
        _currentMax = double.NegativeInfinity;
        _currentCount = 0;
    }
}
