using Correlator.Service.Correlation;
using Correlator.Service.Demo;
using Correlator.Service.Http;
using Correlator.Service.Security;
using Correlator.Service.Web;
using Correlator.Service.Publishing;
using Correlator.Service.Metrics;
using Correlator.Service.Kafka;
using Correlator.Service.Incidents;
using Correlator.Service.Problems;
using Correlator.Service.Prediction;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace Correlator.Service.Composition;

/// <summary>Builds the web service: embedded defaults, then appsettings.json, environment and command line.</summary>
internal static class CorrelatorApp
{
    /// <summary>The defaults that make one command start a working service.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>
    {
        ["Urls"] = "http://127.0.0.1:5080",
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, ApplicationName = typeof(CorrelatorApp).Assembly.GetName().Name });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        var store = await CorrelatorServices.OpenStoreAsync(builder.Configuration, cancellationToken).ConfigureAwait(false);
        builder.Services.AddCorrelatorCore(builder.Configuration, store).AddCorrelatorHttp(builder.Configuration).AddCorrelatorWeb(builder.Configuration);
        builder.Services.AddCorrelatorPublishing(builder.Configuration, store);
        builder.Services.AddCorrelatorMetrics(builder.Configuration);
        builder.Services.AddCorrelatorKafka(builder.Configuration);
        builder.Services.AddCorrelatorIncidentManagement(builder.Configuration);
        builder.Services.AddCorrelatorProblems(builder.Configuration);
        if (builder.Configuration.GetValue<bool>("Demo:Enabled"))
        {
            builder.Services.AddHostedService<DemoReplayer>();
        }

        configure?.Invoke(builder);
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<IngestOptions>>((kestrel, ingest) => kestrel.Limits.MaxRequestBodySize = ingest.Value.MaxBodyBytes + 1);

        var app = builder.Build();
        app.UseCorrelatorWeb();
        app.MapOpenApi().RequireAuthorization(Policies.Read);
        app.MapIngestEndpoints();
        app.MapWriteEndpoint();
        app.MapIncidentEndpoints();
        app.MapHealthEndpoints();
        app.MapSecurityEndpoints();
        app.MapReviewEndpoints();
        app.MapCorrelatorPages();
        app.MapPublishingEndpoints();
        app.MapCorrelationEndpoints();
        app.MapIncidentActionEndpoints();
        app.MapKnownErrorEndpoints();
        app.MapStatusSummaryEndpoints();
        app.MapProblemEndpoints();
        app.MapPredictionEndpoints();
        app.MapIncidentChartEndpoints();
        return app;
    }
}
