using Correlator.Service.Composition;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Prediction;

/// <summary>Checks the <c>Prediction</c> section: the annotations, the entry services, and a models folder that is a folder when it exists.</summary>
internal sealed class PredictionOptionsValidator : IValidateOptions<PredictionOptions>
{
    public ValidateOptionsResult Validate(string? name, PredictionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var annotations = new SectionValidator<PredictionOptions>(PredictionOptions.SectionName).Validate(name, options);
        if (annotations.Failed)
        {
            failures.AddRange(annotations.Failures);
        }

        if (options.EntryServices.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{PredictionOptions.SectionName}:EntryServices: a service name is blank.");
        }

        if (!string.IsNullOrWhiteSpace(options.ModelsDirectory) && File.Exists(options.ModelsDirectory))
        {
            failures.Add($"{PredictionOptions.SectionName}:ModelsDirectory: '{Path.GetFullPath(options.ModelsDirectory)}' is a file, not a folder.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
