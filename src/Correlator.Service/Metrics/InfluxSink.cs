using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Correlator.Detection.Bank;
using Correlator.Domain;
using Correlator.Ingestion.Influx;
using Correlator.Ingestion.LineProtocol;
using Correlator.Service.Http;
using Correlator.Service.Pipeline;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Correlator.Service.Metrics;

/// <summary>
/// Writes Correlator's view back to InfluxDB: a <c>correlator_anomaly</c> point per scored sample and a
/// <c>correlator_incident</c> marker when an incident opens, resolves, reopens or closes (taken from the
/// pipeline's change sets after they are committed). Points wait in a bounded buffer and go out in batches,
/// retried with backoff while InfluxDB is down; the pipeline never waits for it: when the buffer is full,
/// new points are dropped and counted (<c>correlator_sink_points_dropped_total</c>).
/// </summary>
internal sealed partial class InfluxSink : BackgroundService, IMetricsSection
{
    private readonly SinkOptions _options;
    private readonly InfluxClient? _client;
    private readonly SignalPipeline _pipeline;
    private readonly SourceHealth _health;
    private readonly TimeProvider _clock;
    private readonly ILogger<InfluxSink> _logger;
    private readonly Channel<SinkPoint> _buffer;
    private readonly Dictionary<long, IncidentState> _states = [];
    private long _written;
    private long _dropped;
    private long _rejected;
    private long _unwritable;
    private long _batches;

    public InfluxSink(IOptions<SinkOptions> options, InfluxClient? client, SignalPipeline pipeline, SourceHealth health, TimeProvider clock, ILogger<InfluxSink> logger)
    {
        _options = options.Value;
        _client = _options.Enabled ? client : null;
        _pipeline = pipeline;
        _health = health;
        _clock = clock;
        _logger = logger;
        _buffer = Channel.CreateBounded<SinkPoint>(new BoundedChannelOptions(_options.MaxBufferedPoints) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        if (_client is not null)
        {
            _pipeline.Committed += OnCommitted;
        }
    }

    public const string SourceName = "influx-sink";

    public bool Enabled => _client is not null;

    public bool WantsScores => _client is not null && _options.WriteScores;

    public long Written => Interlocked.Read(ref _written);

    public long Dropped => Interlocked.Read(ref _dropped);

    public int Buffered => _buffer.Reader.Count;

    /// <summary>Queues the scores of a batch of samples, never waiting: what does not fit is dropped and counted.</summary>
    public void OfferScores(List<SampleScore> scores)
    {
        foreach (var s in scores)
        {
            Offer(new AnomalyPoint(s.Series, s.Time, s.Value, s.Score, s.Expected, s.Anomalous));
        }
    }

    private void Offer(SinkPoint point)
    {
        if (!_buffer.Writer.TryWrite(point))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Turns incident state changes of a committed batch into markers (runs on the pipeline loop: only queues).</summary>
    private void OnCommitted(ChangeSet changes)
    {
        foreach (var incident in changes.Incidents)
        {
            bool known = _states.TryGetValue(incident.Id, out var before);
            string? marker = (known, before, incident.State) switch
            {
                (false, _, _) when changes.StoredCounts(incident.Id) == (0, 0) => "opened",
                (_, _, IncidentState.Closed) when before != IncidentState.Closed => "closed",
                (_, _, IncidentState.Resolved) when before != IncidentState.Resolved => "resolved",
                (true, IncidentState.Resolved, _) when incident.IsActive => "reopened",
                _ => null,
            };
            if (incident.State == IncidentState.Closed)
            {
                _states.Remove(incident.Id);
            }
            else
            {
                _states[incident.Id] = incident.State;
            }

            if (marker is not null)
            {
                var time = marker switch
                {
                    "opened" => incident.OpenedAt,
                    "resolved" => incident.ResolvedAt ?? incident.UpdatedAt,
                    "closed" => incident.ClosedAt ?? incident.UpdatedAt,
                    _ => incident.UpdatedAt,
                };
                Offer(new IncidentPoint(incident.Id, marker, incident.Priority.ToString(), incident.Service, incident.Title, incident.State.ToString(), time));
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_client is null)
        {
            return;
        }

        var retry = BuildRetry();
        var batch = new List<SinkPoint>(_options.BatchSize);
        var writer = new LineProtocolWriter(LineProtocolPrecision.Nanoseconds);
        var reader = _buffer.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await FillAsync(reader, batch, stoppingToken).ConfigureAwait(false);
                await FlushAsync(retry, batch, writer, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still buffered is lost, as it would be in a crash (the points are derived, not source data).
        }
    }

    private async Task FillAsync(ChannelReader<SinkPoint> reader, List<SinkPoint> batch, CancellationToken stoppingToken)
    {
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        linger.CancelAfter(_options.FlushInterval);
        try
        {
            while (batch.Count < _options.BatchSize)
            {
                while (batch.Count < _options.BatchSize && reader.TryRead(out var point))
                {
                    batch.Add(point);
                }

                if (batch.Count >= _options.BatchSize || !await reader.WaitToReadAsync(linger.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The flush interval passed: send what there is.
        }
    }

    private async Task FlushAsync(ResiliencePipeline retry, List<SinkPoint> batch, LineProtocolWriter writer, CancellationToken stoppingToken)
    {
        writer.Clear();
        foreach (var point in batch)
        {
            try
            {
                point.Write(writer);
            }
            catch (ArgumentException)
            {
                Interlocked.Increment(ref _unwritable); // a name line protocol cannot carry
            }
        }

        int count = writer.Points;
        batch.Clear();
        if (count == 0)
        {
            return;
        }

        var body = writer.ToUtf8();
        try
        {
            await retry.ExecuteAsync(
                static (state, ct) => new ValueTask(state.Client.WriteAsync(state.Options.Database!, state.Options.RetentionPolicy, LineProtocolPrecision.Nanoseconds, state.Body, ct)),
                (Client: _client!, Options: _options, Body: body), stoppingToken).ConfigureAwait(false);
            Interlocked.Add(ref _written, count);
            Interlocked.Increment(ref _batches);
            _health.Up(SourceName, _clock.GetUtcNow());
        }
        catch (InfluxException error)
        {
            // InfluxDB will never take this batch (a missing database, bad points): count it, do not retry for ever.
            Interlocked.Add(ref _rejected, count);
            _health.Down(SourceName, error.Message);
            LogRejected(error, count);
        }
    }

    private ResiliencePipeline BuildRetry() =>
        new ResiliencePipelineBuilder { TimeProvider = _clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutException>().Handle<InfluxException>(e => e.IsTransient),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryDelay,
                MaxDelay = _options.RetryMaxDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    _health.Down(SourceName, args.Outcome.Exception?.Message ?? "unknown error");
                    return default;
                },
            })
            .Build();

    public void Render(StringBuilder text)
    {
        if (_client is null)
        {
            return;
        }

        WriteMetrics.Counter(text, "correlator_sink_points_written_total", "Points the InfluxDB sink wrote.", Written);
        WriteMetrics.Counter(text, "correlator_sink_points_dropped_total", "Points dropped because the sink's buffer (Metrics:Sink:MaxBufferedPoints) was full.", Dropped);
        WriteMetrics.Counter(text, "correlator_sink_points_rejected_total", "Points InfluxDB refused for good (not retried).", Interlocked.Read(ref _rejected));
        WriteMetrics.Counter(text, "correlator_sink_points_unwritable_total", "Points whose names line protocol cannot carry.", Interlocked.Read(ref _unwritable));
        WriteMetrics.Counter(text, "correlator_sink_batches_total", "Write requests the sink completed.", Interlocked.Read(ref _batches));
        WriteMetrics.Header(text, "correlator_sink_points_buffered", "gauge", "Points waiting in the sink's buffer.")
            .Append("correlator_sink_points_buffered ").Append(Buffered.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    public override void Dispose()
    {
        _pipeline.Committed -= OnCommitted;
        base.Dispose();
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "InfluxDB refused a batch of {Count} sink points; they are counted as rejected")]
    private partial void LogRejected(Exception error, int count);
}
