using Correlator.Ingestion;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Composition;

/// <summary>Stops start-up when an ingestion limit is not positive, naming its key.</summary>
internal sealed class IngestionLimitsValidator : IValidateOptions<IngestionLimits>
{
    public ValidateOptionsResult Validate(string? name, IngestionLimits options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentOutOfRangeException error)
        {
            return ValidateOptionsResult.Fail($"{error.ParamName} must be positive (got {error.ActualValue}).");
        }
    }
}
