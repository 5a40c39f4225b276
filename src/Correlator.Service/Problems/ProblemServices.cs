using Correlator.Incidents;
using Correlator.Storage;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Problems;

/// <summary>Registers problem suggestions: the validated <c>ProblemSuggestions</c> section, the mining run, its periodic service, decisions.</summary>
internal static class ProblemServices
{
    public static IServiceCollection AddCorrelatorProblems(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProblemSuggestionOptions>().Bind(configuration.GetSection(ProblemSuggestionOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProblemSuggestionOptions>, ProblemSuggestionOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var mining = configuration.GetSection(IncidentManagementOptions.SectionName + ":Problems").Get<ProblemMiningOptions>() ?? new ProblemMiningOptions();
            if (ProblemMinerRule.Check(mining.AlsoSignatures, IncidentManagementOptions.SectionName + ":Problems:AlsoSignatures") is { Count: > 0 } errors)
            {
                throw new OptionsValidationException(IncidentManagementOptions.SectionName, typeof(ProblemMiningOptions), errors);
            }

            return new ProblemSuggestionSync(sp.GetRequiredService<SqliteStore>(), mining, sp.GetRequiredService<IOptions<ProblemSuggestionOptions>>().Value,
                sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ProblemRecords>();
        services.AddHostedService<ProblemMiningService>();
        return services;
    }
}
