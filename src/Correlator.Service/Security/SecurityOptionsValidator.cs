using Correlator.Service.Composition;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Security;

/// <summary>The annotations of <see cref="SecurityOptions"/>, plus each configured key: a name, a known role, a long enough secret, no repeats.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public const int MinKeyLength = 24;

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var annotations = new SectionValidator<SecurityOptions>(SecurityOptions.SectionName).Validate(name, options);
        if (annotations.Failed)
        {
            failures.AddRange(annotations.Failures);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"{SecurityOptions.SectionName}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"{at}:Name: a configured key needs a name (it appears in the audit log).");
            }

            if (!Roles.IsKnown(key.Role))
            {
                failures.Add($"{at}:Role: '{key.Role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
            }

            if (key.Key.Length < MinKeyLength)
            {
                failures.Add($"{at}:Key: a key must be at least {MinKeyLength} characters long.");
            }
            else if (!seen.Add(key.Key))
            {
                failures.Add($"{at}:Key: the same key is configured twice.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
