namespace Correlator.Detection.Bank;

/// <summary>Counters of a detector bank, for /metrics and benchmark reports (written by the bank's one thread).</summary>
public sealed class BankStats
{
    public long Samples { get; internal set; }

    public long Scored { get; internal set; }

    /// <summary>Samples not newer than their series' last sample: skipped.</summary>
    public long OutOfOrder { get; internal set; }

    /// <summary>NaN or infinite samples: skipped.</summary>
    public long NonFinite { get; internal set; }

    /// <summary>Samples of series whose rule says <c>none</c>.</summary>
    public long Unwatched { get; internal set; }

    /// <summary>Samples of new series refused because the bank held <see cref="BankOptions.MaxSeries"/>.</summary>
    public long SeriesRefused { get; internal set; }

    public long SeriesCreated { get; internal set; }

    public long SeriesEvicted { get; internal set; }

    public long AnomaliesFired { get; internal set; }

    public long AnomaliesResolved { get; internal set; }
}
