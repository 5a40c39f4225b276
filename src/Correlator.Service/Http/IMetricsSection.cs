using System.Text;

namespace Correlator.Service.Http;

/// <summary>A part of /metrics contributed by a stage (registered as a singleton; rendered after the pipeline's own).</summary>
internal interface IMetricsSection
{
    void Render(StringBuilder text);
}
