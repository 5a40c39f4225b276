namespace Correlator.Service.Eval.Nezha;

/// <summary>Why a series that moved did not make the detector catch a fault.</summary>
internal enum MissCause
{
    /// <summary>The robust detection does not follow this kind of series at all (e.g. memory, network bytes, callee-side latency, front SLIs when off).</summary>
    NotFollowed,

    /// <summary>Followed, but not judged yet in the window (fewer normal points than the minimum history).</summary>
    NoJudgement,

    /// <summary>Followed, but no minute reached Z robust deviations above the detector's trailing median.</summary>
    BelowZ,

    /// <summary>Some minute reached Z, but the value stayed below MinRatio × the trailing median.</summary>
    BelowRatio,

    /// <summary>Anomalous minutes, but fewer than k of the last n (the persistence rule).</summary>
    Persistence,

    /// <summary>A veto (quiet caller, corroboration) held it quiet.</summary>
    Vetoed,

    /// <summary>The series fired in the window, yet the fault was not counted as caught (attribution or incident tracking).</summary>
    FiredNotCounted,
}

/// <summary>One minute of a series after injection: the value, the footprint's z (against the 30 min before injection) and, when followed, the detector's judgement.</summary>
internal sealed record MissMinute(DateTimeOffset At, double Value, double FootprintZ, TracedPoint? Detector);

/// <summary>One series attributed to the faulty service that moved beyond K, and why it did not fire.</summary>
internal sealed record SeriesMiss(string Series, double FootprintZ, string? DetectorKey, MissCause Cause, IReadOnlyList<MissMinute> Minutes);

/// <summary>A fault missed within the catch limit although some series attributed to its service moved beyond K.</summary>
internal sealed record FaultMiss(NezhaFault Fault, IReadOnlyList<SeriesMiss> Series)
{
    /// <summary>The cause of the strongest series that is followed and closest to firing, or of the strongest series when none is followed.</summary>
    public MissCause Cause => Series.Count == 0 ? MissCause.NotFollowed : Series.Select(s => s.Cause).Max();
}

/// <summary>
/// Explains the detectable misses of a replay: for every fault not caught within the limit whose footprint reached K,
/// every series attributed to its service that moved beyond K in the minutes after injection (strongest first, up to
/// <c>top</c>), minute by minute, with the robust detector's own view of the same minutes and the first rule that
/// stopped it (not followed, no judgement, below Z, below the ratio, persistence, vetoed, fired but not counted).
/// </summary>
internal static class NezhaMisses
{
    public static IReadOnlyList<FaultMiss> Explain(NezhaDay day, NezhaDayResult result, IReadOnlyDictionary<string, List<TracedPoint>> trace, TimeSpan after, int baselineMinutes, double k, int top = 3)
    {
        var series = NezhaFootprint.Series(day);
        var misses = new List<FaultMiss>();
        foreach (var fault in result.Faults.Where(f => !f.CaughtWithin(after)).Select(f => f.Fault))
        {
            var moved = new List<SeriesMiss>();
            foreach (var (key, (service, points)) in series)
            {
                if (service != fault.Service)
                {
                    continue;
                }

                double z = NezhaFootprint.MaxZ(points, fault.At, after, baselineMinutes);
                if (z < k)
                {
                    continue;
                }

                var detectorKey = DetectorKey(key);
                var traced = detectorKey is not null && trace.TryGetValue(detectorKey, out var list) ? list : null;
                var minutes = points
                    .Where(p => p.At >= fault.At && p.At <= fault.At + after)
                    .Select(p => new MissMinute(p.At, p.Value, NezhaFootprint.Z(points, fault.At, baselineMinutes, p.Value), traced?.LastOrDefault(t => t.At == p.At)))
                    .ToList();
                moved.Add(new SeriesMiss(key, z, traced is null ? null : detectorKey, Classify(traced, minutes), minutes));
            }

            if (moved.Count > 0)
            {
                misses.Add(new FaultMiss(fault, [.. moved.OrderByDescending(m => m.Cause).ThenByDescending(m => m.FootprintZ).Take(top)]));
            }
        }

        return misses;
    }

    /// <summary>The detector's series key of a footprint series key, or null when the robust detection cannot follow that kind.</summary>
    public static string? DetectorKey(string footprintKey)
    {
        int slash = footprintKey.LastIndexOf('/');
        var (head, tail) = (footprintKey[..slash], footprintKey[(slash + 1)..]);
        return tail switch
        {
            "caller-latency" => head + "/latency",
            "gap" => head + "/gap",
            "SuccessRate" when head == "front_service" => "front_service/failure-rate",
            "LatencyP90" when head == "front_service" => "front_service/latency-p90",
            "callee-latency" => head + "/callee-latency",
            _ when head.Contains("->", StringComparison.Ordinal) || head == "front_service" => null,
            _ => footprintKey,
        };
    }

    /// <summary>The first rule that kept the series quiet, judged on the minutes after injection.</summary>
    public static MissCause Classify(IReadOnlyList<TracedPoint>? traced, IReadOnlyList<MissMinute> minutes)
    {
        if (traced is null)
        {
            return MissCause.NotFollowed;
        }

        var judged = minutes.Select(m => m.Detector).OfType<TracedPoint>().ToList();
        if (judged.Any(p => p.Firing))
        {
            return MissCause.FiredNotCounted;
        }

        if (judged.Any(p => p.Vetoed))
        {
            return MissCause.Vetoed;
        }

        if (!judged.Any(p => p.Point.Judged))
        {
            return MissCause.NoJudgement;
        }

        if (judged.Any(p => p.Point.Anomalous))
        {
            return MissCause.Persistence;
        }

        return judged.Any(p => p.Point.Judged && p.Point.Z >= ZOf(p)) ? MissCause.BelowRatio : MissCause.BelowZ;
    }

    private static double ZOf(TracedPoint p) => p.Point.ZThreshold;
}
