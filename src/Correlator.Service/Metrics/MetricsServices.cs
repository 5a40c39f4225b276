using Correlator.Detection.Bank;
using Correlator.Ingestion.LineProtocol;
using Correlator.Service.Composition;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Metrics;

/// <summary>Registers the metric path: the detector bank behind /write (and the InfluxDB poller and sink).</summary>
internal static class MetricsServices
{
    public static IServiceCollection AddCorrelatorMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BankOptions>().Bind(configuration.GetSection(BankOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BankOptions>>(new DelegateValidator<BankOptions>(o => o.Validate()));
        services.AddOptions<LineProtocolLimits>().Bind(configuration.GetSection(LineProtocolLimits.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LineProtocolLimits>>(new SectionValidator<LineProtocolLimits>(LineProtocolLimits.SectionName));
        services.AddOptions<WriteOptions>().Bind(configuration.GetSection(WriteOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WriteOptions>>(new SectionValidator<WriteOptions>(WriteOptions.SectionName));
        services.AddSingleton<MetricPath>();
        services.AddSingleton<WriteMetrics>();
        services.AddSingleton<Http.IMetricsSection>(sp => sp.GetRequiredService<WriteMetrics>());
        return services;
    }

    /// <summary>The configuration checks of the metric path, for <see cref="ConfigurationCheck"/>.</summary>
    public static void Check(IConfiguration configuration, List<string> failures)
    {
        ConfigurationCheck.CheckSection(configuration, BankOptions.SectionName, new DelegateValidator<BankOptions>(o => o.Validate()), failures);
        ConfigurationCheck.CheckSection(configuration, LineProtocolLimits.SectionName, new SectionValidator<LineProtocolLimits>(LineProtocolLimits.SectionName), failures);
        ConfigurationCheck.CheckSection(configuration, WriteOptions.SectionName, new SectionValidator<WriteOptions>(WriteOptions.SectionName), failures);
    }
}
