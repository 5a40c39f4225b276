using System.Runtime.InteropServices;
using System.Text;
using SQLitePCL;

namespace Correlator.Storage;

/// <summary>
/// A prepared statement on the write connection, bound by position and stepped through SQLite's own API:
/// the commit runs it for every row, and Microsoft.Data.Sqlite's per-execution name lookup and reader
/// set-up cost more there than SQLite's work itself. Text is bound as UTF-8 without a string in between,
/// encoded into the statement's own <see cref="BindArena"/> and bound without a copy (SQLITE_STATIC): SQLite's
/// default (SQLITE_TRANSIENT) allocated, copied and freed each value, a dozen times per signal row.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly string _sql;
    private readonly BindArena _arena = new();

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

        // Encoded straight into the arena, where it stays until the statement has run.
        var text = _arena.Take(Encoding.UTF8.GetMaxByteCount(value.Length));
        BindStatic(index, text, Encoding.UTF8.GetBytes(value, text.Span));
    }

    public void Utf8(int index, ReadOnlySpan<byte> value)
    {
        var text = _arena.Take(value.Length);
        value.CopyTo(text.Span);
        BindStatic(index, text, value.Length);
    }

    /// <summary>Binds a time in the store's fixed-width UTC text form (see <see cref="StoredValues.Time(DateTimeOffset)"/>).</summary>
    public void Time(int index, DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            Null(index);
            return;
        }

        var text = _arena.Take(28);
        StoredValues.FormatTime(time, text.Span);
        BindStatic(index, text, 28);
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

        // The text bound from the arena must not outlive it: the next execution binds every parameter again.
        raw.sqlite3_clear_bindings(_statement);
        _arena.Clear();
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            throw Failure(rc, "execute");
        }

        return raw.sqlite3_changes(_db);
    }

    public void Dispose()
    {
        _statement.Dispose();
        _arena.Dispose();
    }

    // SQLitePCL binds text only with SQLITE_TRANSIENT; the library it loads is called directly for SQLITE_STATIC.
    // An empty value is bound from a valid pointer with length 0, which SQLite stores as '' (not NULL).
    private void BindStatic(int index, BindArena.Slice text, int length) =>
        Check(NativeBind.sqlite3_bind_text(_statement.DangerousGetHandle(), index, text.Pointer, length, IntPtr.Zero), "bind");

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
