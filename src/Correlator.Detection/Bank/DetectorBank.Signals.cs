using System.Globalization;
using Correlator.Domain;

namespace Correlator.Detection.Bank;

public sealed partial class DetectorBank
{
    /// <summary>Label names the series' measurement and field take in a signal; a tag of the same name is renamed <c>tag_NAME</c>.</summary>
    public const string MeasurementLabel = "measurement";

    public const string FieldLabel = "field";

    private bool Judge(in MetricSample sample, SeriesState state, double score, List<Signal> signals)
    {
        var expected = state.Expected;
        bool anomalous = score >= state.Threshold && !double.IsNaN(expected);
        if (state.Firing)
        {
            Follow(sample, state, score, signals);
        }
        else if (anomalous)
        {
            Start(sample, state, score, expected, signals);
        }

        if (!anomalous)
        {
            state.Learn(sample.Value);
            if (state.Firing && ++state.NormalRun >= _options.ResolveAfterSamples)
            {
                signals.Add(Resolved(sample.Series, state, sample.Time, "back to normal"));
            }
        }
        else
        {
            state.NormalRun = 0;
        }

        return anomalous;
    }

    private void Start(in MetricSample sample, SeriesState state, double score, double expected, List<Signal> signals)
    {
        state.Firing = true;
        state.StartedAt = sample.Time;
        state.StartExpected = expected;
        state.Direction = sample.Value >= expected ? 1 : -1;
        state.StartDeviation = Math.Abs(sample.Value - expected);
        state.EpisodeRun = 1;
        state.Away = true;
        state.Monotone = true;
        state.LastValue = sample.Value;
        state.Kind = AnomalyKind.Spike;
        Stats.AnomaliesFired++;
        signals.Add(Firing(sample, state, score, expected));
    }

    /// <summary>
    /// Follows a firing episode: once it lasted <see cref="BankOptions.ShiftSamples"/> samples with every
    /// value staying beyond half the first deviation, it is a trend if each step moved the anomaly's way,
    /// else a level shift; a changed description is sent as a repeat of the firing signal.
    /// </summary>
    private void Follow(in MetricSample sample, SeriesState state, double score, List<Signal> signals)
    {
        state.EpisodeRun++;
        state.Away &= state.Direction * (sample.Value - state.StartExpected) > 0.5 * state.StartDeviation;
        state.Monotone &= Math.Sign(sample.Value - state.LastValue) == state.Direction;
        state.LastValue = sample.Value;
        var kind = state.EpisodeRun < _options.ShiftSamples || !state.Away ? state.Kind
            : state.Monotone ? AnomalyKind.Trend : AnomalyKind.LevelShift;
        if (kind != state.Kind)
        {
            state.Kind = kind;
            signals.Add(Firing(sample, state, score, state.StartExpected));
        }
    }

    private Signal Firing(in MetricSample sample, SeriesState state, double score, double expected)
    {
        var series = sample.Series;
        var kind = KindName(state.Kind);
        var up = state.Direction > 0 ? "up" : "down";
        return new Signal
        {
            Source = _options.Source,
            Fingerprint = state.Fingerprint ??= FingerprintOf(series),
            Name = series.Measurement + "." + series.Field,
            Kind = SignalKind.Anomaly,
            Status = SignalStatus.Firing,
            Severity = _options.Severity,
            Resource = series.Tags.GetValueOrDefault(_options.ResourceTag),
            Service = series.Tags.GetValueOrDefault(_options.ServiceTag),
            EventTime = sample.Time,
            StartsAt = state.StartedAt,
            Labels = LabelsOf(series),
            Annotations = LabelSet.From(
                ("score", Format(score)),
                ("value", Format(sample.Value)),
                ("expected", Format(expected)),
                ("direction", up),
                ("kind", kind),
                ("detector", state.Detector?.Name ?? BankDetectors.None)),
            Summary = $"{series}: {kind} {up} (value {Format(sample.Value)}, expected {Format(expected)}, score {Format(score)})",
            Score = Math.Clamp(score, 0.0, 1.0),
        };
    }

    private Signal Resolved(SeriesKey series, SeriesState state, DateTimeOffset time, string why)
    {
        state.Firing = false;
        state.NormalRun = 0;
        Stats.AnomaliesResolved++;
        var ended = time < state.StartedAt ? state.StartedAt : time;
        return new Signal
        {
            Source = _options.Source,
            Fingerprint = state.Fingerprint ??= FingerprintOf(series),
            Name = series.Measurement + "." + series.Field,
            Kind = SignalKind.Anomaly,
            Status = SignalStatus.Resolved,
            Severity = _options.Severity,
            Resource = series.Tags.GetValueOrDefault(_options.ResourceTag),
            Service = series.Tags.GetValueOrDefault(_options.ServiceTag),
            EventTime = ended,
            StartsAt = state.StartedAt,
            EndsAt = ended,
            Labels = LabelsOf(series),
            Annotations = LabelSet.From(("expected", Format(state.Expected)), ("kind", KindName(state.Kind)), ("resolution", why)),
            Summary = $"{series}: {why}",
        };
    }

    /// <summary>The series identity as signal labels: its tags plus <c>measurement</c> and <c>field</c>.</summary>
    public static LabelSet LabelsOf(SeriesKey series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var pairs = new List<KeyValuePair<string, string>>(series.Tags.Count + 2);
        foreach (var tag in series.Tags)
        {
            var name = tag.Key is MeasurementLabel or FieldLabel ? "tag_" + tag.Key : tag.Key;
            pairs.Add(new(name, tag.Value));
        }

        pairs.Add(new(MeasurementLabel, series.Measurement));
        pairs.Add(new(FieldLabel, series.Field));
        return LabelSet.From(pairs);
    }

    /// <summary>The fingerprint the series' anomaly signals carry (for charts keyed like the signals).</summary>
    public string FingerprintFor(SeriesKey series) => FingerprintOf(series);

    /// <summary>One fingerprint per series, over names no tag can take, so two series never share one.</summary>
    private string FingerprintOf(SeriesKey series)
    {
        var pairs = new List<KeyValuePair<string, string>>(series.Tags.Count + 2)
        {
            new("\u0001measurement", series.Measurement),
            new("\u0001field", series.Field),
        };
        pairs.AddRange(series.Tags);
        return Fingerprints.Compute(_options.Source, LabelSet.From(pairs));
    }

    private static string KindName(AnomalyKind kind) => kind switch
    {
        AnomalyKind.LevelShift => "level_shift",
        AnomalyKind.Trend => "trend",
        _ => "spike",
    };

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
