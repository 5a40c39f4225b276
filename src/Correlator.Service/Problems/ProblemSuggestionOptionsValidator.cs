using Microsoft.Extensions.Options;

namespace Correlator.Service.Problems;

/// <summary>Checks the <c>ProblemSuggestions</c> section, naming the key at fault.</summary>
internal sealed class ProblemSuggestionOptionsValidator : IValidateOptions<ProblemSuggestionOptions>
{
    private const string S = ProblemSuggestionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ProblemSuggestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Interval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{S}:Interval: {options.Interval} is shorter than one second.");
        }

        if (options.Lookback <= TimeSpan.Zero)
        {
            errors.Add($"{S}:Lookback: {options.Lookback} must be positive.");
        }

        if (options.MaxIncidents < 1)
        {
            errors.Add($"{S}:MaxIncidents: {options.MaxIncidents} must be at least 1.");
        }

        if (double.IsNaN(options.RejectedChangeFactor) || options.RejectedChangeFactor < 1)
        {
            errors.Add($"{S}:RejectedChangeFactor: {options.RejectedChangeFactor} must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
