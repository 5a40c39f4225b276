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
        // With incident management on, the ticket's priority is the managed one (ITIL PriorityPolicy): the stage enqueues
        // its changes, and correlation's own priority changes (IncidentAssessor) stay out of the targets.
        var managed = configuration.GetValue(Incidents.IncidentStageOptions.SectionName + ":Enabled", true);
        Func<ChangeSet, IEnumerable<OutboxEffect>> derive = managed
            ? changes => IncidentEffects.Derive(changes).Where(e => e.Kind != OutboxKinds.PriorityChanged)
            : IncidentEffects.Derive;
        foreach (var (name, _) in options.Targets.Where(t => t.Value.Enabled))
        {
            if (!store.OutboxTargets.Contains(name))
            {
                // Besides problem records, the incident-management stage enqueues ticket notes, state changes and notices.
                store.AddOutboxRoute(new OutboxRoute(name, derive, kind => kind == OutboxKinds.ProblemCreate || Correlator.Incidents.ManagementEffects.Kinds.Contains(kind)));
            }
        }

        services.AddSingleton<TicketLinks>();
        services.AddSingleton<PublishingHost>();
        services.AddHostedService(sp => sp.GetRequiredService<PublishingHost>());
        return services;
    }
}
