using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Correlator.Storage;

public sealed partial class SqliteStore
{
    /// <summary>
    /// What the write connection has executed so far: each prepared commit statement with its execution count,
    /// and the pages SQLite wrote from its cache (to the log) — for benchmarks of the commit path.
    /// </summary>
    internal (IReadOnlyList<(string Sql, long Executions)> Statements, long PagesWritten) WriteDiagnostics()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var statements = _commands.Statements.Concat(_outbox?.Statements ?? [])
            .Select(s => (s.Sql, s.Executions))
            .ToList();
        var db = _write.Handle ?? throw new InvalidOperationException("The write connection is not open.");
        int rc = raw.sqlite3_db_status(db, raw.SQLITE_DBSTATUS_CACHE_WRITE, out int written, out _, 0);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException("SQLite could not report the pages written.", rc);
        }

        return (statements, written);
    }

    /// <summary>The fingerprint runs' bookkeeping of this store's commits (entries filed and moved, time merging): for benchmarks.</summary>
    internal FingerprintRuns FingerprintRunsDiagnostics => _fingerprintRuns;
}
