using System.ComponentModel.DataAnnotations;
using Correlator.Domain;

namespace Correlator.Detection.Bank;

/// <summary>Settings of the detector bank (section <c>Detection:Bank</c>).</summary>
public sealed class BankOptions
{
    public const string SectionName = "Detection:Bank";

    /// <summary>Series followed at once; a new series beyond it is refused and counted.</summary>
    [Range(1, 100_000_000)]
    public int MaxSeries { get; set; } = 200_000;

    /// <summary>A series with no sample for this long (event time) is dropped, resolving its anomaly if firing.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Normal samples in a row after which a firing anomaly resolves.</summary>
    [Range(1, 1_000_000)]
    public int ResolveAfterSamples { get; set; } = 3;

    /// <summary>Anomalous samples in a row from which the anomaly is a level shift or trend rather than a spike.</summary>
    [Range(2, 1_000_000)]
    public int ShiftSamples { get; set; } = 5;

    /// <summary>The source of the anomaly signals.</summary>
    [Required]
    public string Source { get; set; } = "metrics";

    public Severity Severity { get; set; } = Severity.Warning;

    /// <summary>The tag naming the resource (configuration item) of a series.</summary>
    [Required]
    public string ResourceTag { get; set; } = "host";

    /// <summary>The tag naming the service of a series.</summary>
    [Required]
    public string ServiceTag { get; set; } = "service";

    /// <summary>Tried in order; a series no rule matches gets the default rule (<c>ewma</c>, 0.999).</summary>
    public List<BankRule> Rules { get; set; } = [];

    /// <summary>Throws, naming the setting, when a value cannot work.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException(string.Join(" ", results.Select(r => $"{SectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")));
        }

        for (int i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            if (string.IsNullOrEmpty(rule.Measurement) || string.IsNullOrEmpty(rule.Field))
            {
                throw new ArgumentException($"{SectionName}:Rules:{i}: Measurement and Field patterns must not be empty.");
            }

            if (!BankDetectors.IsKnown(rule.Detector))
            {
                throw new ArgumentException($"{SectionName}:Rules:{i}:Detector: '{rule.Detector}' is not a detector; use one of {string.Join(", ", BankDetectors.Names)}.");
            }

            if (!(rule.Threshold > 0.0 && rule.Threshold <= 1.0))
            {
                throw new ArgumentException($"{SectionName}:Rules:{i}:Threshold: {rule.Threshold} is not in (0, 1].");
            }
        }
    }
}
