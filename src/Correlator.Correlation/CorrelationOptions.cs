namespace Correlator.Correlation;

/// <summary>Settings of the first correlation stage: what groups signals, and the event-time windows.</summary>
public sealed class CorrelationOptions
{
    public const string SectionName = "Correlation";

    /// <summary>
    /// The signal fields that make the group key. <c>service</c>, <c>resource</c>, <c>source</c> and <c>name</c>
    /// are the signal's own fields; any other word is a label name.
    /// </summary>
    public string[] GroupBy { get; set; } = ["service"];

    /// <summary>A new signal joins an active incident of its group if the incident still fires or saw a signal within this window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long all of an incident's signals must stay resolved before the incident resolves.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A resolved incident reopens when its group fires again within this time; later, a new incident opens.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A resolved incident closes (for good) this long after it resolved.</summary>
    public TimeSpan AutoCloseAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Distinct resources from which impact is Medium.</summary>
    public int ImpactMediumResources { get; set; } = 2;

    /// <summary>Distinct resources from which impact is High.</summary>
    public int ImpactHighResources { get; set; } = 5;

    /// <summary>Every problem with the settings, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (GroupBy is null || GroupBy.Length == 0 || Array.Exists(GroupBy, string.IsNullOrWhiteSpace))
        {
            errors.Add($"{SectionName}:GroupBy must list at least one non-empty field or label name.");
        }

        CheckNonNegative(errors, nameof(Window), Window);
        CheckNonNegative(errors, nameof(QuietPeriod), QuietPeriod);
        CheckNonNegative(errors, nameof(ReopenWindow), ReopenWindow);
        CheckNonNegative(errors, nameof(AutoCloseAfter), AutoCloseAfter);
        if (AutoCloseAfter < ReopenWindow)
        {
            errors.Add($"{SectionName}:AutoCloseAfter ({AutoCloseAfter}) must not be shorter than {SectionName}:ReopenWindow ({ReopenWindow}).");
        }

        if (ImpactMediumResources < 1 || ImpactHighResources < ImpactMediumResources)
        {
            errors.Add($"{SectionName}:ImpactMediumResources must be at least 1 and {SectionName}:ImpactHighResources at least as large.");
        }

        return errors;
    }

    private static void CheckNonNegative(List<string> errors, string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:{key} must not be negative (got {value}).");
        }
    }
}
