using Microsoft.Extensions.Options;

namespace Correlator.Service.Incidents;

/// <summary>Checks the <c>RootCauseHistory</c> section, naming the file and key at fault.</summary>
internal sealed class RootCauseHistoryOptionsValidator : IValidateOptions<RootCauseHistoryOptions>
{
    /// <summary>The most confirmed incidents one read may take: beyond, a read would hold too much in memory.</summary>
    public const int MaxIncidentsCeiling = 1_000_000;

    private const string S = "appsettings.json: " + RootCauseHistoryOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RootCauseHistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Window <= TimeSpan.Zero)
        {
            errors.Add($"{S}:Window must be positive (got {options.Window}).");
        }

        if (options.MaxIncidents < 1 || options.MaxIncidents > MaxIncidentsCeiling)
        {
            errors.Add($"{S}:MaxIncidents must be 1..{MaxIncidentsCeiling} (got {options.MaxIncidents}).");
        }

        if (options.Refresh < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{S}:Refresh must be at least 00:00:01 (got {options.Refresh}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
