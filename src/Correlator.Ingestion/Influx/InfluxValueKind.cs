namespace Correlator.Ingestion.Influx;

/// <summary>What a query answer's cell holds.</summary>
public enum InfluxValueKind
{
    Null = 0,
    Number,
    Text,
    Boolean,
}
