namespace Correlator.Ingestion.Influx;

/// <summary>One cell of a query answer: null, a number (kept exact as an integer when it is one), a string or a boolean.</summary>
public readonly record struct InfluxValue(InfluxValueKind Kind, double Number, long Whole, string? Text)
{
    public static InfluxValue Null => default;

    /// <summary>The value as a sample: numbers as they are, booleans as 1 / 0; false for null and strings.</summary>
    public bool TryGetDouble(out double value)
    {
        value = Kind switch
        {
            InfluxValueKind.Number => Number,
            InfluxValueKind.Boolean => Whole,
            _ => double.NaN,
        };
        return Kind is InfluxValueKind.Number or InfluxValueKind.Boolean;
    }
}
