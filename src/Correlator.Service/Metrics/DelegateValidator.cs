using Microsoft.Extensions.Options;

namespace Correlator.Service.Metrics;

/// <summary>Turns an options class's own <c>Validate()</c> (which throws an <see cref="ArgumentException"/> naming the key) into an options validator.</summary>
internal sealed class DelegateValidator<T>(Action<T> validate) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException error)
        {
            return ValidateOptionsResult.Fail(error.Message);
        }
    }
}
