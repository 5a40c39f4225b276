using Microsoft.Extensions.Options;

namespace Correlator.Service.Prediction;

/// <summary>The anticipation stage's registrations: the <c>Prediction</c> section, the models and the stage the correlation loop runs.</summary>
internal static class PredictionServices
{
    public static IServiceCollection AddCorrelatorPrediction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PredictionOptions>().Bind(configuration.GetSection(PredictionOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PredictionOptions>, PredictionOptionsValidator>();
        services.AddSingleton<PredictionModels>();
        services.AddHostedService<ModelReloadOnSignal>();
        services.AddSingleton(sp =>
        {
            // The model is loaded before the loop's first batch (the stage is built with the pipeline).
            var models = sp.GetRequiredService<PredictionModels>();
            var options = sp.GetRequiredService<IOptions<PredictionOptions>>();
            if (options.Value.Enabled)
            {
                models.Reload();
            }

            return new PredictionStage(options, models, sp.GetService<Correlation.CorrelationRulesSource>());
        });
        return services;
    }
}
