using Correlator.Correlation;
using Correlator.Ingestion;
using Correlator.Service.Correlation;
using Correlator.Service.Http;
using Correlator.Service.Pipeline;
using Correlator.Service.Prediction;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Composition;

/// <summary>The composition root's registrations: options with validation, the store, the pipeline.</summary>
internal static class CorrelatorServices
{
    /// <summary>
    /// Opens the configured store before the host is built: opening is asynchronous (migrations) and a
    /// failure must stop start-up with the file named, not surface on the first request. The whole
    /// configuration is checked first, so a bad setting creates no database.
    /// </summary>
    public static async Task<SqliteStore> OpenStoreAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        ConfigurationCheck.ThrowIfInvalid(configuration);
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        return await SqliteStore.OpenAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What every verb needs: options, the store and the correlation loop.</summary>
    public static IServiceCollection AddCorrelatorCore(this IServiceCollection services, IConfiguration configuration, SqliteStore store)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>>(new SectionValidator<StorageOptions>(StorageOptions.SectionName));
        services.AddOptions<CorrelationOptions>().Bind(configuration.GetSection(CorrelationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CorrelationOptions>, CorrelationOptionsValidator>();
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PipelineOptions>>(new SectionValidator<PipelineOptions>(PipelineOptions.SectionName));
        // A factory registration, so the container disposes the store at shutdown.
        services.AddSingleton(_ => store);
        services.AddCorrelationRules(configuration);
        // Before the pipeline: the loop runs the prediction stage when Prediction:Enabled (every verb that replays, too).
        services.AddCorrelatorPrediction(configuration);
        services.AddSingleton<SignalPipeline>();
        services.AddHostedService<PipelineHost>();
        services.AddSingleton<CheckpointMetrics>();
        services.AddSingleton<IMetricsSection>(sp => sp.GetRequiredService<CheckpointMetrics>());
        services.AddHostedService<CheckpointWorker>();
        return services;
    }

    /// <summary>The per-signal limits shared by every parser, in the <c>Ingestion</c> section.</summary>
    public static IServiceCollection AddIngestionLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestionLimits>().Bind(configuration.GetSection(IngestionLimits.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestionLimits>, IngestionLimitsValidator>();
        return services;
    }

    /// <summary>The HTTP service on top of the core: ingestion limits, metrics, the clock, OpenAPI.</summary>
    public static IServiceCollection AddCorrelatorHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestOptions>>(new SectionValidator<IngestOptions>(IngestOptions.SectionName));
        services.AddIngestionLimits(configuration);
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<SourceHealth>();
        services.AddSingleton<IMetricsSection>(sp => sp.GetRequiredService<SourceHealth>());
        services.AddHostedService<ClockTicker>();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        return services;
    }
}
