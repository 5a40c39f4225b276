namespace Correlator.Ingestion;

/// <summary>One configured limit, named the way it is configured so an error can tell the operator what to raise.</summary>
internal readonly record struct Limit(int Value, string Name)
{
    public string Key => IngestionLimits.SectionName + ":" + Name;

    public bool IsExceededBy(int count) => count > Value;

    /// <summary>E.g. <c>70 labels exceed the limit of 64 (Ingestion:MaxLabelsPerSignal)</c>.</summary>
    public string Exceeded(int count, string what) => $"{count} {what} exceed the limit of {Value} ({Key})";
}
