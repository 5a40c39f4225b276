namespace Correlator.Service.Eval.Nezha;

/// <summary>The settings of <see cref="RobustBaseline"/> for one kind of series (CPU, latency, edge latency, edge gap).</summary>
/// <param name="Z">How many robust standard deviations (1.4826 MAD + floor) above the trailing median a value must be.</param>
/// <param name="Floor">Added to the robust scale so that a flat history (MAD 0) does not make every wiggle anomalous; in the series' unit.</param>
/// <param name="MinRatio">The value must also be at least this multiple of the trailing median (a relative, not only statistical, change).</param>
internal sealed record KindThreshold(double Z, double Floor, double MinRatio)
{
    /// <summary>A single point at or above this multiple of Z (and the ratio) fires alone for this kind; 0 = the settings' <see cref="RobustSettings.Spike"/>.</summary>
    public double Spike { get; init; }

    /// <summary>Tested downwards: z = (median − x) / scale and x ≤ median / MinRatio (a drop, e.g. a pod's workload).</summary>
    public bool Down { get; init; }
}

/// <summary>The settings of the robust detection of the Nezha replay; every one is a command-line option of <c>eval nezha</c>.</summary>
/// <param name="Window">How many past normal points make the baseline (median and MAD).</param>
/// <param name="MinHistory">How many past normal points are needed before a point can be judged at all.</param>
/// <param name="Confirm">How many of the last <paramref name="Of"/> points must be anomalous for the series to fire (k of n).</param>
internal sealed record RobustSettings(int Window, int MinHistory, int Confirm, int Of, KindThreshold Cpu, KindThreshold Latency, KindThreshold Edge, KindThreshold Gap)
{
    public static RobustSettings Default { get; } = new(30, 3, 2, 2,
        Cpu: new KindThreshold(3, 5.0, 2.0),
        Latency: new KindThreshold(6, 0.05, 2.0),
        Edge: new KindThreshold(6, 0.02, 2.0),
        Gap: new KindThreshold(3, 0.05, 2.0));

    /// <summary>Whether the front end's own SLIs (front_service.csv: failure rate = 100 − success rate, and P90 latency) are detector inputs attributed to <c>frontend</c>.</summary>
    public bool FrontSli { get; init; }

    /// <summary>The front end's failure rate (points of %), tested upwards (the success rate going down).</summary>
    public KindThreshold FrontErrors { get; init; } = new(6, 1.0, 2.0);

    /// <summary>The front end's P90 latency (s), tested upwards.</summary>
    public KindThreshold FrontLatency { get; init; } = new(6, 0.2, 2.0);

    /// <summary>
    /// When set, an edge's signals (latency, gap; attributed to the callee) do not fire while the caller's own pod series
    /// (CPU, server latency) fire: a caller that is itself slow or starved measures a slow call whatever the callee does.
    /// </summary>
    public bool QuietCaller { get; init; }

    /// <summary>
    /// When above 0, a pod's server latency fires only while some caller felt it: the caller-side latency of an edge
    /// into the pod's service reached this fraction of the edge threshold (z ≥ fraction × Z edge) in the same minute. Services nobody calls (the front end) are exempt. 0 (the default) turns it off.
    /// </summary>
    public double Corroborate { get; init; }

    /// <summary>
    /// Hysteresis of the k-of-n confirmation: the other points of the k need only reach this fraction of Z (and the
    /// ratio); at least one point must reach Z itself. 1 (the default) = every point of the k must reach Z. Points at or
    /// above the fraction do not enter the baseline.
    /// </summary>
    public double ConfirmFraction { get; init; } = 1;

    /// <summary>A single point at or above this multiple of Z (and the ratio) fires alone, without confirmation. 0 (the default) = off.</summary>
    public double Spike { get; init; }

    /// <summary>A pod's workload (ops/s), tested downwards; followed only when <see cref="FollowWorkload"/> is set.</summary>
    public KindThreshold Workload { get; init; } = new(6, 1.0, 2.0) { Down = true };

    /// <summary>Whether a pod's workload is followed too, downwards (its traffic dropping), attributed to the pod's service.</summary>
    public bool FollowWorkload { get; init; }

    /// <summary>Whether each edge's callee-side latency (destination_50, the callee's own server time for that caller) is followed too, attributed to the callee.</summary>
    public bool FollowCallee { get; init; }

    /// <summary>
    /// When above 0, a call edge that carries no calls at all (no caller-side value) for this many minutes in a row, while
    /// its caller is alive (some other edge of the caller carries calls in the same minute), fires a signal on the
    /// <b>caller</b>: the caller stopped making that call (a code fault that fails before it, e.g. checkout no longer
    /// charging nor mailing). 0 (the default) = off.
    /// </summary>
    public int SilentEdges { get; init; }

    /// <summary>
    /// With <see cref="SilentEdges"/>: an edge counts as silent only when its callee gets no calls on any edge that
    /// minute (true, the default), not only on this one (false). A caller that gives up a page early (because some other
    /// callee failed) leaves one edge silent while the callee still gets calls from others; a caller that fails before
    /// the call leaves a callee nobody else calls with nothing.
    /// </summary>
    public bool SilentWholeCallee { get; init; } = true;

    /// <summary>
    /// When above 0, a pod's server P90 latency is judged only in a minute whose requests put at least this many above
    /// the percentile: workload (requests/s) × 60 s × (1 − 0.9) ≥ this. A P90 over fewer requests is one or two requests'
    /// latency (checkoutservice serves 0.1–0.5 a second); the minute is then not judged (it neither counts towards the
    /// confirmation nor enters the baseline). 0 (the default) = off.
    /// </summary>
    public double MinTailRequests { get; init; }

    /// <summary>The callee-side edge latency (s), tested upwards.</summary>
    public KindThreshold Callee { get; init; } = new(6, 0.02, 2.0);

    public KindThreshold For(SeriesKind kind) => kind switch
    {
        SeriesKind.Cpu => Cpu,
        SeriesKind.Latency => Latency,
        SeriesKind.Edge => Edge,
        SeriesKind.FrontErrors => FrontErrors,
        SeriesKind.FrontLatency => FrontLatency,
        SeriesKind.Callee => Callee,
        SeriesKind.Workload => Workload,
        _ => Gap,
    };
}

/// <summary>What a series measures; each kind has its own threshold and is tested in one direction (up).</summary>
internal enum SeriesKind
{
    /// <summary>A pod's CPU usage rate (%): a fault that burns or steals CPU pushes it up.</summary>
    Cpu,

    /// <summary>A pod's server-side P90 latency (s): up when the pod (or something it calls) is slow.</summary>
    Latency,

    /// <summary>A caller→callee edge's latency as the caller sees it (source_50, s): up when the callee or the network to it is slow.</summary>
    Edge,

    /// <summary>Caller-side minus callee-side latency of an edge (source_50 − destination_50, s): up when the network between them is slow.</summary>
    Gap,

    /// <summary>The front end's failure rate as its users see it (100 − front_service SuccessRate, points of %).</summary>
    FrontErrors,

    /// <summary>The front end's P90 latency as its users see it (front_service LatencyP90, s).</summary>
    FrontLatency,

    /// <summary>A caller→callee edge's latency as the callee sees it (destination_50, s): up when the callee itself is slow for that caller.</summary>
    Callee,

    /// <summary>A pod's workload (PodWorkload, ops/s), tested downwards: its traffic dropping.</summary>
    Workload,
}

/// <summary>
/// A directional, robust detector for one 1-minute series with little history: the baseline is the median and
/// MAD of the last <see cref="RobustSettings.Window"/> points judged normal (anomalous points do not enter it, so
/// a fault does not become the new normal); a point is anomalous when it is at least Z robust deviations above the
/// median and at least MinRatio times it; the series fires when k of the last n points are anomalous and stops
/// when fewer are. No judgement before MinHistory normal points.
/// </summary>
internal sealed class RobustBaseline(RobustSettings settings, KindThreshold threshold)
{
    private readonly List<double> _history = [];
    private readonly Queue<int> _recent = new();

    /// <summary>Whether the series fires after this point, and how strong the point is (z over the threshold's Z, 0 when not judged).</summary>
    public (bool Firing, double Strength) Observe(double value)
    {
        if (!double.IsFinite(value))
        {
            return (Firing, 0);
        }

        bool anomalous = false;
        bool supporting = false;
        bool spike = false;
        double z = 0;
        double median = double.NaN;
        bool judged = _history.Count >= settings.MinHistory;
        if (judged)
        {
            var sorted = _history.Order().ToArray();
            median = Median(sorted);
            var deviations = sorted.Select(v => Math.Abs(v - median)).Order().ToArray();
            double scale = (1.4826 * Median(deviations)) + threshold.Floor;
            z = threshold.Down ? (median - value) / scale : (value - median) / scale;
            bool relative = threshold.Down ? value * threshold.MinRatio <= median : value >= threshold.MinRatio * median;
            anomalous = z >= threshold.Z && relative;
            supporting = z >= settings.ConfirmFraction * threshold.Z && relative;
            double spikeAt = threshold.Spike > 0 ? threshold.Spike : settings.Spike;
            spike = spikeAt > 0 && z >= spikeAt * threshold.Z && relative;
        }

        Last = new JudgedPoint(value, median, z, judged, anomalous, threshold.Z, threshold.MinRatio);

        _recent.Enqueue(anomalous ? 2 : supporting ? 1 : 0);
        while (_recent.Count > settings.Of)
        {
            _recent.Dequeue();
        }

        if (!anomalous && !supporting)
        {
            _history.Add(value);
            if (_history.Count > settings.Window)
            {
                _history.RemoveAt(0);
            }
        }

        // k of n points at least supporting, one of them anomalous (with ConfirmFraction 1 both are the same test); or one spike.
        Firing = spike || (_recent.Count(level => level > 0) >= settings.Confirm && _recent.Any(level => level == 2));
        return (Firing, Math.Max(0, z / threshold.Z));
    }

    /// <summary>
    /// A minute whose value is too thin to judge (e.g. a percentile over too few requests): it counts as not anomalous in
    /// the k-of-n confirmation (so the minutes around it do not confirm each other across it) and does not enter the
    /// baseline. Returns whether the series still fires.
    /// </summary>
    public bool Skip()
    {
        _recent.Enqueue(0);
        while (_recent.Count > settings.Of)
        {
            _recent.Dequeue();
        }

        Firing = _recent.Count(level => level > 0) >= settings.Confirm && _recent.Any(level => level == 2);
        return Firing;
    }

    public bool Firing { get; private set; }

    /// <summary>How the latest finite point was judged (for the eval's explanation of misses); null before the first.</summary>
    public JudgedPoint? Last { get; private set; }

    private static double Median(double[] sorted)
    {
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
    }
}

/// <summary>How <see cref="RobustBaseline"/> judged one point: the value, the trailing median (NaN when not judged), the robust z, whether it was judged and anomalous, and the Z and ratio it had to reach.</summary>
internal sealed record JudgedPoint(double Value, double Median, double Z, bool Judged, bool Anomalous, double ZThreshold, double MinRatio);
