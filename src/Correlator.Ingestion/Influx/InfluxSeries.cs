using Correlator.Domain;

namespace Correlator.Ingestion.Influx;

/// <summary>
/// One series (or one chunk of it) of a query answer: the measurement, the group-by tags, the columns and
/// the rows. With <c>chunked=true</c> a long series arrives as several of these, <see cref="Partial"/> on all but the last.
/// </summary>
public sealed record InfluxSeries(int StatementId, string Name, LabelSet Tags, IReadOnlyList<string> Columns, IReadOnlyList<InfluxValue[]> Rows, bool Partial);
