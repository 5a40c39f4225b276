using Correlator.Detection.Bank;
using Correlator.Ingestion.Influx;
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
        services.AddOptions<InfluxClientOptions>().Bind(configuration.GetSection(InfluxClientOptions.SectionName)).ValidateOnStart();
        services.AddOptions<PollerOptions>().Bind(configuration.GetSection(PollerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PollerOptions>>(new DelegateValidator<PollerOptions>(o => o.Validate()));
        services.AddOptions<SinkOptions>().Bind(configuration.GetSection(SinkOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SinkOptions>>(new SectionValidator<SinkOptions>(SinkOptions.SectionName));
        services.AddSingleton(sp =>
        {
            var influx = sp.GetRequiredService<IOptions<InfluxClientOptions>>().Value;
            return new InfluxClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, influx);
        });
        services.AddSingleton(sp => new InfluxSink(
            sp.GetRequiredService<IOptions<SinkOptions>>(),
            sp.GetRequiredService<IOptions<SinkOptions>>().Value.Enabled ? sp.GetRequiredService<InfluxClient>() : null,
            sp.GetRequiredService<Pipeline.SignalPipeline>(),
            sp.GetRequiredService<Http.SourceHealth>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InfluxSink>>()));
        services.AddSingleton<Http.IMetricsSection>(sp => sp.GetRequiredService<InfluxSink>());
        services.AddHostedService(sp => sp.GetRequiredService<InfluxSink>());
        if ((configuration.GetSection(PollerOptions.SectionName).Get<PollerOptions>()?.WatchSets.Count ?? 0) > 0)
        {
            services.AddSingleton<InfluxPoller>();
            services.AddHostedService(sp => sp.GetRequiredService<InfluxPoller>());
        }

        services.AddOptions<ChartOptions>().Bind(configuration.GetSection(ChartOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChartOptions>>(new DelegateValidator<ChartOptions>(o => o.Validate()));
        services.AddSingleton(sp => new SeriesHistory(sp.GetRequiredService<IOptions<ChartOptions>>().Value));
        services.AddSingleton<IncidentCharts>();
        services.AddSingleton(sp => new MetricPath(
            sp.GetRequiredService<IOptions<BankOptions>>(),
            sp.GetRequiredService<Pipeline.SignalPipeline>(),
            sp.GetRequiredService<InfluxSink>(),
            sp.GetRequiredService<SeriesHistory>(),
            sp.GetRequiredService<IOptions<ChartOptions>>()));
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
        ConfigurationCheck.CheckSection(configuration, InfluxClientOptions.SectionName, new SectionValidator<InfluxClientOptions>(InfluxClientOptions.SectionName), failures);
        ConfigurationCheck.CheckSection(configuration, PollerOptions.SectionName, new DelegateValidator<PollerOptions>(o => o.Validate()), failures);
        ConfigurationCheck.CheckSection(configuration, SinkOptions.SectionName, new SectionValidator<SinkOptions>(SinkOptions.SectionName), failures);
        ConfigurationCheck.CheckSection(configuration, ChartOptions.SectionName, new DelegateValidator<ChartOptions>(o => o.Validate()), failures);
        CheckInfluxUrl(configuration, failures);
    }

    /// <summary>A watch set or a sink database needs somewhere to go.</summary>
    private static void CheckInfluxUrl(IConfiguration configuration, List<string> failures)
    {
        try
        {
            bool needed = (configuration.GetSection(PollerOptions.SectionName).Get<PollerOptions>()?.WatchSets.Count ?? 0) > 0
                || (configuration.GetSection(SinkOptions.SectionName).Get<SinkOptions>()?.Enabled ?? false);
            var url = configuration.GetSection(InfluxClientOptions.SectionName).Get<InfluxClientOptions>()?.Url;
            if (needed && (url is null || !url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            {
                failures.Add($"{InfluxClientOptions.SectionName}:Url: set it to InfluxDB's http(s) address; {PollerOptions.SectionName}:WatchSets or {SinkOptions.SectionName}:Database need it.");
            }
        }
        catch (InvalidOperationException)
        {
            // Reported by the section checks.
        }
    }
}
