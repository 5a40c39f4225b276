using Correlator.Kafka;
using Correlator.Service.Composition;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Kafka;

/// <summary>The Kafka consumer's registrations (off unless <c>Kafka:Enabled</c>).</summary>
internal static class KafkaServices
{
    public static IServiceCollection AddCorrelatorKafka(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection(KafkaOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>();
        services.AddSingleton<PipelineSignalSink>();
        services.AddSingleton<KafkaIngestionService>();
        services.AddHostedService(provider => provider.GetRequiredService<KafkaIngestionService>());
        return services;
    }
}
