using Correlator.Domain;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Publishing;

/// <summary>Registers publishing: the validated <c>Publishing</c> section, the store's outbox routes, the publisher host.</summary>
internal static class PublishingServices
{
    public static IServiceCollection AddCorrelatorPublishing(this IServiceCollection services, IConfiguration configuration, SqliteStore store)
    {
        services.AddOptions<PublishingOptions>().Bind(configuration.GetSection(PublishingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublishingOptions>, PublishingOptionsValidator>();
        var options = configuration.GetSection(PublishingOptions.SectionName).Get<PublishingOptions>() ?? new PublishingOptions();
        foreach (var (name, _) in options.Targets.Where(t => t.Value.Enabled))
        {
            if (!store.OutboxTargets.Contains(name))
            {
                // Besides problem records, the incident-management stage enqueues ticket notes, state changes and notices.
                store.AddOutboxRoute(new OutboxRoute(name, IncidentEffects.Derive, kind => kind == OutboxKinds.ProblemCreate || Correlator.Incidents.ManagementEffects.Kinds.Contains(kind)));
            }
        }

        services.AddSingleton<PublishingHost>();
        services.AddHostedService(sp => sp.GetRequiredService<PublishingHost>());
        return services;
    }
}
