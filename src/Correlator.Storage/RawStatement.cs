using System.Globalization;
using System.Text;
using SQLitePCL;

namespace Correlator.Storage;

/// <summary>
/// A prepared statement on the write connection, bound by position and stepped through SQLite's own API:
/// the commit runs it for every row, and Microsoft.Data.Sqlite's per-execution name lookup and reader
/// set-up cost more there than SQLite's work itself. Times and label JSON are bound as UTF-8 without a
/// string in between.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly string _sql;

    public RawStatement(sqlite3 db, string sql)
    {
        _db = db;
        _sql = sql;
        Check(raw.sqlite3_prepare_v2(db, sql, out _statement), "prepare");
    }

    /// <summary>The statement's SQL.</summary>
    public string Sql => _sql;

    /// <summary>How many times it ran on this connection (diagnostics: the statements a commit costs).</summary>
    public long Executions { get; private set; }

    public void Text(int index, string? value)
    {
        if (value is null)
        {
            Null(index);
            return;
        }

        // SQLitePCL's string overload allocates a UTF-8 array per call (ten per signal row); a short value is
        // encoded on the stack instead (SQLite copies it when binding). An empty span would bind NULL, not ''.
        if (value.Length is > 0 and <= MaxStackChars)
        {
            Span<byte> text = stackalloc byte[MaxStackChars * 3];
            Utf8(index, text[..Encoding.UTF8.GetBytes(value, text)]);
            return;
        }

        Check(raw.sqlite3_bind_text(_statement, index, value), "bind");
    }

    /// <summary>The longest text bound from the stack (at most 3 UTF-8 bytes per UTF-16 char).</summary>
    private const int MaxStackChars = 256;

    public void Utf8(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_text(_statement, index, value), "bind");

    /// <summary>Binds a time in the store's fixed-width UTC text form (see <see cref="StoredValues.Time(DateTimeOffset)"/>).</summary>
    public void Time(int index, DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            Null(index);
            return;
        }

        Span<byte> text = stackalloc byte[28];
        StoredValues.FormatTime(time, text);
        Utf8(index, text);
    }

    public void Integer(int index, long? value)
    {
        if (value is not { } number)
        {
            Null(index);
            return;
        }

        Check(raw.sqlite3_bind_int64(_statement, index, number), "bind");
    }

    public void Real(int index, double? value)
    {
        if (value is not { } number)
        {
            Null(index);
            return;
        }

        Check(raw.sqlite3_bind_double(_statement, index, number), "bind");
    }

    public void Null(int index) => Check(raw.sqlite3_bind_null(_statement, index), "bind");

    /// <summary>Runs the statement once, readies it for the next row and returns the rows it changed.</summary>
    public int Execute()
    {
        Executions++;
        int rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            throw Failure(rc, "execute");
        }

        return raw.sqlite3_changes(_db);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc, string action)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Failure(rc, action);
        }
    }

    private Microsoft.Data.Sqlite.SqliteException Failure(int rc, string action) =>
        new($"SQLite could not {action} '{_sql[..Math.Min(_sql.Length, 60)]}...': {raw.sqlite3_errmsg(_db).utf8_to_string()}", rc, raw.sqlite3_extended_errcode(_db));
}
