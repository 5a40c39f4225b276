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
