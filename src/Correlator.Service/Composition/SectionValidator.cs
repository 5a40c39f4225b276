using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Composition;

/// <summary>Checks a settings class's data annotations and names each failure by the key a user types (<c>Pipeline:QueueCapacity</c>).</summary>
internal sealed class SectionValidator<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
