using Correlator.Correlation;
using Correlator.Ingestion;
using Correlator.Service.Correlation;
using Correlator.Service.Http;
using Correlator.Service.Pipeline;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Composition;

/// <summary>
/// Checks every settings section before anything starts, so a bad value stops the program with one clear
/// message naming each key at fault — before a database is created or a host logs its start-up failure.
/// </summary>
internal static class ConfigurationCheck
{
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        var failures = new List<string>();
        Check(configuration, StorageOptions.SectionName, new SectionValidator<StorageOptions>(StorageOptions.SectionName), failures);
        Check(configuration, PipelineOptions.SectionName, new SectionValidator<PipelineOptions>(PipelineOptions.SectionName), failures);
        Check(configuration, IngestOptions.SectionName, new SectionValidator<IngestOptions>(IngestOptions.SectionName), failures);
        Check(configuration, IngestionLimits.SectionName, new IngestionLimitsValidator(), failures);
        Check(configuration, CorrelationOptions.SectionName, new CorrelationOptionsValidator(), failures);
        Check(configuration, Security.SecurityOptions.SectionName, new Security.SecurityOptionsValidator(), failures);
        Check(configuration, Publishing.PublishingOptions.SectionName, new Publishing.PublishingOptionsValidator(), failures);
        Check(configuration, RuleFilesOptions.SectionName, new RuleFilesOptionsValidator(), failures);
        Check(configuration, Correlator.Incidents.IncidentManagementOptions.SectionName, new IncidentManagementOptionsValidator(), failures);
        Check(configuration, Incidents.IncidentStageOptions.SectionName, new SectionValidator<Incidents.IncidentStageOptions>(Incidents.IncidentStageOptions.SectionName), failures);
        Check(configuration, Incidents.RootCauseHistoryOptions.SectionName, new Incidents.RootCauseHistoryOptionsValidator(), failures);
        CheckQueueHoldsARequest(configuration, failures);
        Metrics.MetricsServices.Check(configuration, failures);
        Check(configuration, Correlator.Kafka.KafkaOptions.SectionName, new Kafka.KafkaOptionsValidator(), failures);
        Check(configuration, Problems.ProblemSuggestionOptions.SectionName, new Problems.ProblemSuggestionOptionsValidator(), failures);
        Check(configuration, Prediction.PredictionOptions.SectionName, new Prediction.PredictionOptionsValidator(), failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("Correlator", typeof(IConfiguration), failures);
        }
    }

    /// <summary>A request larger than the whole queue could never be accepted, and would be retried for ever.</summary>
    private static void CheckQueueHoldsARequest(IConfiguration configuration, List<string> failures)
    {
        try
        {
            var pipeline = configuration.GetSection(PipelineOptions.SectionName).Get<PipelineOptions>() ?? new PipelineOptions();
            var limits = configuration.GetSection(IngestionLimits.SectionName).Get<IngestionLimits>() ?? new IngestionLimits();
            if (pipeline.MaxQueuedSignals < limits.MaxSignalsPerRequest)
            {
                failures.Add($"{PipelineOptions.SectionName}:MaxQueuedSignals ({pipeline.MaxQueuedSignals}) must be at least {IngestionLimits.SectionName}:MaxSignalsPerRequest ({limits.MaxSignalsPerRequest}).");
            }
        }
        catch (InvalidOperationException)
        {
            // A value that does not bind is already reported by its own section's check.
        }
    }

    /// <summary>Binds and validates one section, adding what is wrong to <paramref name="failures"/> (for the stage registrations).</summary>
    internal static void CheckSection<T>(IConfiguration configuration, string section, IValidateOptions<T> validator, List<string> failures)
        where T : class, new() => Check(configuration, section, validator, failures);

    private static void Check<T>(IConfiguration configuration, string section, IValidateOptions<T> validator, List<string> failures)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException error)
        {
            // The binder's message names the key and the value it could not convert.
            failures.Add(error.Message);
            return;
        }

        var result = validator.Validate(null, options);
        if (result.Failed)
        {
            failures.AddRange(result.Failures);
        }
    }
}
