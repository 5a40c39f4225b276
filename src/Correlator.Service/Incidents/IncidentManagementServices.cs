using Correlator.Incidents;
using Correlator.Service.Composition;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Incidents;

/// <summary>
/// Registers incident management in the service: its validated sections, the stage, its host, the view the API and
/// pages read, and the root-cause history learnt from the root causes people confirm.
/// </summary>
internal static class IncidentManagementServices
{
    public static IServiceCollection AddCorrelatorIncidentManagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IncidentManagementOptions>().Bind(configuration.GetSection(IncidentManagementOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IncidentManagementOptions>, IncidentManagementOptionsValidator>();
        services.AddOptions<IncidentStageOptions>().Bind(configuration.GetSection(IncidentStageOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IncidentStageOptions>>(new SectionValidator<IncidentStageOptions>(IncidentStageOptions.SectionName));
        services.AddSingleton<IncidentStage>();
        services.AddSingleton<ManagementView>();
        services.AddOptions<RootCauseHistoryOptions>().Bind(configuration.GetSection(RootCauseHistoryOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RootCauseHistoryOptions>, RootCauseHistoryOptionsValidator>();
        services.AddSingleton<ConfirmedRootCauseHistory>();
        if (configuration.GetValue(IncidentStageOptions.SectionName + ":Enabled", true))
        {
            services.AddHostedService<IncidentStageHost>();
        }

        return services;
    }
}
