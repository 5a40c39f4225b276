using System.ComponentModel.DataAnnotations;

namespace Correlator.Service.Prediction;

/// <summary>The <c>Prediction</c> section: the anticipation stage in the correlation loop (issue 10).</summary>
public sealed class PredictionOptions
{
    public const string SectionName = "Prediction";

    /// <summary>Off by default: when on, early-only incidents that score past the threshold open as Predicted.</summary>
    public bool Enabled { get; set; }

    /// <summary>The horizon H the probability speaks of (user impact within H); written on predictions and used by training.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Horizon { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>When set, replaces the model card's threshold (and the cold-start one): a probability in (0, 1).</summary>
    [Range(0.000001, 0.999999)]
    public double? ThresholdOverride { get; set; }

    /// <summary>The cold-start rule's threshold, used while no model is loaded.</summary>
    [Range(0.000001, 0.999999)]
    public double ColdStartThreshold { get; set; } = Correlator.Prediction.ColdStartRule.DefaultThreshold;

    /// <summary>The models folder (<c>anticipation-vNNNN.zip</c>, cards, <c>current.json</c>); relative to the working directory.</summary>
    [Required]
    public string ModelsDirectory { get; set; } = "models/anticipation";

    /// <summary>Services where users enter (criticality 1); their callees follow by hops over the topology.</summary>
    public List<string> EntryServices { get; set; } = [];

    /// <summary>At most this many open clusters are followed; later ones are not scored until some end.</summary>
    [Range(1, 10_000_000)]
    public int MaxTrackedClusters { get; set; } = 100_000;

    /// <summary>At most this many notifications are kept per cluster (the oldest beyond are not kept).</summary>
    [Range(1, 1_000_000)]
    public int MaxEventsPerCluster { get; set; } = 5_000;

    /// <summary>How many contributions the explanation keeps.</summary>
    [Range(1, 27)]
    public int ExplanationFeatures { get; set; } = 5;

    /// <summary>
    /// After a person dismisses a prediction, the signals of that incident are not predicted again for this long (event
    /// time): a new early-only incident of any of them opens as a normal New incident, with a note naming the dismissal.
    /// Zero turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan DismissSuppression { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// At start (and after a failed commit) the stage rebuilds its memory from incidents opened this long before the
    /// store's watermark: the similar-cluster history, the events of open clusters, and live dismissals.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan RestoreWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>At most this many incidents (the newest) are read back at start.</summary>
    [Range(0, 10_000_000)]
    public int MaxRestoredIncidents { get; set; } = 20_000;
}
