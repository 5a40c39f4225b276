using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Publishing;

/// <summary>Checks the <c>Publishing</c> section, naming each key at fault (<c>Publishing:Targets:rt:RequestTracker:Url</c>).</summary>
internal sealed class PublishingOptionsValidator : IValidateOptions<PublishingOptions>
{
    public static readonly string[] Types = ["builtin", "webhook", "rt", "servicenow", "kafka", "email"];

    public ValidateOptionsResult Validate(string? name, PublishingOptions options)
    {
        var failures = new List<string>();
        Annotations(options, PublishingOptions.SectionName, failures);
        Annotations(options.Publisher, $"{PublishingOptions.SectionName}:Publisher", failures);
        foreach (var (target, settings) in options.Targets)
        {
            var key = $"{PublishingOptions.SectionName}:Targets:{target}";
            if (!Types.Contains(settings.Type, StringComparer.Ordinal))
            {
                failures.Add($"{key}:Type must be one of {string.Join(", ", Types)} (got '{settings.Type}').");
                continue;
            }

            object? section = settings.Type switch
            {
                "webhook" => settings.Webhook,
                "rt" => settings.RequestTracker,
                "servicenow" => settings.ServiceNow,
                "kafka" => settings.Kafka,
                "email" => settings.Email,
                _ => new object(),
            };
            var sectionName = settings.Type switch { "webhook" => "Webhook", "rt" => "RequestTracker", "servicenow" => "ServiceNow", "kafka" => "Kafka", "email" => "Email", _ => string.Empty };
            if (section is null)
            {
                failures.Add($"{key}:{sectionName} is required for a target of type {settings.Type}.");
                continue;
            }

            if (sectionName.Length > 0)
            {
                Annotations(section, $"{key}:{sectionName}", failures);
            }

            if (section is Correlator.Publishing.Email.EmailOptions email)
            {
                failures.AddRange(email.Problems().Select(p => $"{key}:Email: {p}"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Annotations(object options, string prefix, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{prefix}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
