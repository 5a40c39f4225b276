using Correlator.Domain;
using Correlator.Ingestion.LineProtocol;

namespace Correlator.Service.Metrics;

/// <summary>One point waiting in the sink: an anomaly score or an incident marker, written as line protocol.</summary>
internal abstract record SinkPoint(DateTimeOffset Time)
{
    public abstract void Write(LineProtocolWriter writer);
}

/// <summary><c>correlator_anomaly,&lt;series tags&gt;,measurement=..,field=.. score=..,value=..,expected=..,anomalous=..</c></summary>
internal sealed record AnomalyPoint(SeriesKey Series, DateTimeOffset Time, double Value, double Score, double Expected, bool Anomalous) : SinkPoint(Time)
{
    public override void Write(LineProtocolWriter writer)
    {
        writer.Measurement("correlator_anomaly");
        foreach (var label in Detection.Bank.DetectorBank.LabelsOf(Series))
        {
            writer.Tag(label.Key, label.Value);
        }

        writer.Field("score", Score).Field("value", Value).Field("expected", Expected).Field("anomalous", Anomalous).End(Time);
    }
}

/// <summary><c>correlator_incident,incident=ID,event=opened|resolved|reopened|closed,priority=P2[,service=..] title="..",state=".."</c></summary>
internal sealed record IncidentPoint(long Id, string Event, string Priority, string? Service, string Title, string State, DateTimeOffset Time) : SinkPoint(Time)
{
    public override void Write(LineProtocolWriter writer)
    {
        writer.Measurement("correlator_incident")
            .Tag("event", Event)
            .Tag("incident", Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Tag("priority", Priority);
        if (!string.IsNullOrEmpty(Service))
        {
            writer.Tag("service", Service);
        }

        writer.Field("title", Title).Field("state", State).Field("id", Id).End(Time);
    }
}
