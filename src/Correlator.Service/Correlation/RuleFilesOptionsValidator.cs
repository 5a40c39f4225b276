using Correlator.Correlation.Rules;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Correlation;

/// <summary>Checks the file settings and the files themselves at start-up, so a bad rule stops the service with file, line and key named.</summary>
internal sealed class RuleFilesOptionsValidator : IValidateOptions<RuleFilesOptions>
{
    public ValidateOptionsResult Validate(string? name, RuleFilesOptions options)
    {
        if (options.ReloadInterval < TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail($"{RuleFilesOptions.SectionName}:ReloadInterval must not be negative (got {options.ReloadInterval}).");
        }

        if (options.MaxNeighbourhood < 1)
        {
            return ValidateOptionsResult.Fail($"{RuleFilesOptions.SectionName}:MaxNeighbourhood must be at least 1 (got {options.MaxNeighbourhood}).");
        }

        if (options.MaxRootCauseSignals < 1)
        {
            return ValidateOptionsResult.Fail($"{RuleFilesOptions.SectionName}:MaxRootCauseSignals must be at least 1 (got {options.MaxRootCauseSignals}).");
        }

        try
        {
            RuleFiles.Load(options);
            return ValidateOptionsResult.Success;
        }
        catch (RuleFileException error)
        {
            return ValidateOptionsResult.Fail(error.Errors.Select(e => $"{RuleFilesOptions.SectionName}: {e}"));
        }
    }
}
