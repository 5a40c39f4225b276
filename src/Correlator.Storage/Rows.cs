using Correlator.Domain;
using Microsoft.Data.Sqlite;

namespace Correlator.Storage;

/// <summary>Rebuilds domain values from rows selected with the column lists of <see cref="Sql"/>, starting at an ordinal.</summary>
internal static class Rows
{
    public static SignalState Signal(SqliteDataReader row, int at = 0)
    {
        var signal = new Signal
        {
            Fingerprint = row.GetString(at),
            Source = row.GetString(at + 2),
            Name = row.GetString(at + 3),
            Kind = StoredValues.ParseKind(row.GetString(at + 4)),
            Status = StoredValues.ParseStatus(row.GetString(at + 5)),
            Severity = StoredValues.ParseSeverity(row.GetString(at + 6)),
            Resource = NullableString(row, at + 7),
            Service = NullableString(row, at + 8),
            EventTime = Time(row, at + 9),
            StartsAt = Time(row, at + 10),
            EndsAt = NullableTime(row, at + 11),
            Labels = LabelJson.Read(row.GetString(at + 12)),
            Annotations = LabelJson.Read(row.GetString(at + 13)),
            Summary = NullableString(row, at + 14),
            Score = row.IsDBNull(at + 15) ? null : row.GetDouble(at + 15),
            EventId = NullableString(row, at + 16),
        };
        long? incidentId = row.IsDBNull(at + 19) ? null : row.GetInt64(at + 19);
        return new SignalState(signal, Time(row, at + 1), Time(row, at + 17), row.GetInt64(at + 18), incidentId);
    }

    /// <summary>The incident's scalar fields, with empty links and timeline.</summary>
    public static Incident Incident(SqliteDataReader row, int at = 0) => new()
    {
        Id = row.GetInt64(at),
        GroupKey = row.GetString(at + 1),
        Title = row.GetString(at + 2),
        Service = NullableString(row, at + 3),
        State = StoredValues.ParseState(row.GetString(at + 4)),
        Impact = StoredValues.ParseImpact(row.GetString(at + 5)),
        Urgency = StoredValues.ParseUrgency(row.GetString(at + 6)),
        Priority = StoredValues.ParsePriority(row.GetString(at + 7)),
        Severity = StoredValues.ParseSeverity(row.GetString(at + 8)),
        OpenedAt = Time(row, at + 9),
        UpdatedAt = Time(row, at + 10),
        LastSignalAt = Time(row, at + 11),
        AcknowledgedAt = NullableTime(row, at + 12),
        ResolvedAt = NullableTime(row, at + 13),
        ClosedAt = NullableTime(row, at + 14),
    };

    /// <summary>A link row: its incident id and the link (the sequence number is only for ordering).</summary>
    public static (long IncidentId, SignalLink Link) Link(SqliteDataReader row) =>
        (row.GetInt64(0), new SignalLink(row.GetString(2), Time(row, 3), row.GetString(4)));

    public static (long IncidentId, TimelineEntry Entry) Entry(SqliteDataReader row) =>
        (row.GetInt64(0), new TimelineEntry(Time(row, 2), StoredValues.ParseEntryKind(row.GetString(3)), row.GetString(4), NullableString(row, 5)));

    private static DateTimeOffset Time(SqliteDataReader row, int ordinal) => StoredValues.ParseTime(row.GetString(ordinal));

    private static DateTimeOffset? NullableTime(SqliteDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : StoredValues.ParseTime(row.GetString(ordinal));

    private static string? NullableString(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
}
