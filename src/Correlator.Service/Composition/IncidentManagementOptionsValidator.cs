using Correlator.Incidents;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Composition;

/// <summary>Checks the <c>IncidentManagement</c> section with the stage's own validator, which names each key at fault.</summary>
internal sealed class IncidentManagementOptionsValidator : IValidateOptions<IncidentManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentManagementOptions options)
    {
        var errors = IncidentManagementValidator.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
