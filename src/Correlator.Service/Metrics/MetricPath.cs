using Correlator.Detection.Bank;
using Correlator.Domain;
using Correlator.Service.Pipeline;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Metrics;

/// <summary>
/// Samples in, anomaly signals out: runs samples through the one <see cref="DetectorBank"/> (one caller
/// at a time, so every series sees its samples in arrival order) and hands the signals it raised to the
/// correlation pipeline. Waiting for room in the pipeline's queue is the back-pressure: the sender of the
/// samples (a /write request, the poller) waits; nothing is dropped and nothing queues without bound.
/// </summary>
internal sealed class MetricPath : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DetectorBank _bank;
    private readonly SignalPipeline _pipeline;
    private readonly List<Signal> _signals = [];
    private readonly List<SampleScore> _scores = [];
    private readonly InfluxSink _sink;
    private readonly SeriesHistory? _history;
    private readonly Dictionary<SeriesKey, (string Fingerprint, string Name)> _names = [];
    private readonly int _maxNames;

    public MetricPath(IOptions<BankOptions> options, SignalPipeline pipeline, InfluxSink sink, SeriesHistory? history = null, IOptions<ChartOptions>? charts = null)
    {
        _bank = new DetectorBank(options.Value);
        _pipeline = pipeline;
        _sink = sink;
        _history = history;
        // The names of the series the chart history is fed, computed once per series: bounded like the bank's series
        // (Bank:MaxSeries), not by the chart's ChartSeries. With more series than that arriving in turn, a smaller
        // bound emptied the cache over and over and hashed and formatted every sample's series again.
        _maxNames = Math.Max(2 * (charts?.Value.ChartSeries ?? 10_000), options.Value.MaxSeries);
    }

    private bool WantsScores => _history is not null || _sink.WantsScores;

    /// <summary>Offers the scores to the sink (when it wants them) and to the chart history.</summary>
    private void Record()
    {
        if (_scores.Count == 0)
        {
            return;
        }

        if (_sink.WantsScores)
        {
            _sink.OfferScores(_scores);
        }

        if (_history is null)
        {
            return;
        }

        foreach (var score in _scores)
        {
            if (!_names.TryGetValue(score.Series, out var name))
            {
                if (_names.Count >= _maxNames)
                {
                    _names.Clear();
                }

                name = (_bank.FingerprintFor(score.Series), score.Series.ToString());
                _names.Add(score.Series, name);
            }

            _history.Add(name.Fingerprint, name.Name, score);
        }
    }

    /// <summary>Bank counters (read without the gate: for reports).</summary>
    public BankStats Stats => _bank.Stats;

    public int SeriesCount => _bank.SeriesCount;

    /// <summary>
    /// Scores the samples and queues the signals they raised (with the input position, when given, so it
    /// is stored in the same transaction); completes once those are durable. Returns the signal count.
    /// </summary>
    public async Task<int> SubmitAsync(IReadOnlyList<MetricSample> samples, string? input, string? position, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        PipelineItem? item = null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _signals.Clear();
            _scores.Clear();
            _bank.Observe(samples, _signals, WantsScores ? _scores : null);
            Record();

            if (_signals.Count > 0 || position is not null)
            {
                item = new PipelineItem([.. _signals], input, position);

                // Not cancellable: the bank has moved on, so its signals must reach the queue.
                await _pipeline.EnqueueAsync(item, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        if (item is null)
        {
            return 0;
        }

        await item.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        return item.Signals.Count;
    }

    /// <summary>
    /// Scores samples (one caller at a time) and adds the signals they raised to <paramref name="signals"/>,
    /// without queueing them: the poller collects a window's signals this way, chunk by chunk as they are read,
    /// and queues them with the window's position through <see cref="EnqueueAsync"/>.
    /// </summary>
    public async ValueTask ScoreAsync(IReadOnlyList<MetricSample> samples, List<Signal> signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(signals);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _scores.Clear();
            _bank.Observe(samples, signals, WantsScores ? _scores : null);
            Record();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Queues signals already scored, with the input position stored in the same transaction; completes once durable.</summary>
    public async Task EnqueueAsync(IReadOnlyList<Signal> signals, string input, string position, CancellationToken cancellationToken)
    {
        var item = new PipelineItem([.. signals], input, position);
        await _pipeline.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        await item.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _gate.Dispose();
}
