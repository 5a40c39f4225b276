using Correlator.Ingestion;
using Correlator.Kafka;
using Correlator.Service.Composition;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Kafka;

/// <summary>Checks the <c>Kafka</c> section: its data annotations, then the rules of an enabled consumer, each failure naming its key.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var failures = new List<string>();
        var annotations = new SectionValidator<KafkaOptions>(KafkaOptions.SectionName).Validate(name, options);
        if (annotations.Failed)
        {
            failures.AddRange(annotations.Failures);
        }

        // The format names do not depend on the limits.
        failures.AddRange(options.Validate(new PayloadDecoders(new IngestionLimits()).Formats));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
