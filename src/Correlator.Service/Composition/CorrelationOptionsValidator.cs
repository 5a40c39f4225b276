using Correlator.Correlation;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Composition;

/// <summary>Runs the correlation settings' own checks at start-up, so a bad value stops the service with its key named.</summary>
internal sealed class CorrelationOptionsValidator : IValidateOptions<CorrelationOptions>
{
    public ValidateOptionsResult Validate(string? name, CorrelationOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
