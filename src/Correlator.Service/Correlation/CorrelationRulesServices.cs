using Microsoft.Extensions.Options;

namespace Correlator.Service.Correlation;

/// <summary>Registers the rule and topology files, their validation and the hot-reload loop.</summary>
internal static class CorrelationRulesServices
{
    public static IServiceCollection AddCorrelationRules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RuleFilesOptions>().Bind(configuration.GetSection(RuleFilesOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RuleFilesOptions>, RuleFilesOptionsValidator>();
        services.AddSingleton<CorrelationRulesSource>();
        services.AddSingleton<RuleProposals>();
        services.AddHostedService<RuleReloader>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(CorrelationJsonContext.Default));
        return services;
    }
}
