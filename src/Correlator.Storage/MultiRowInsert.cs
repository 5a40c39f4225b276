using SQLitePCL;

namespace Correlator.Storage;

/// <summary>
/// One INSERT of up to <see cref="MaxRows"/> rows (<c>VALUES (…), (…), …</c>), prepared on first use for each row
/// count and kept for the connection: a batch of rows costs one statement execution per <see cref="MaxRows"/>
/// instead of one per row. Parameters are anonymous and numbered in order, row after row, so row r's parameter p
/// is <c>r * ParametersPerRow + p</c>. <see cref="MaxRows"/> times <see cref="ParametersPerRow"/> stays far under
/// SQLite's host-parameter limit (32,766; 999 before 3.32).
/// </summary>
internal sealed class MultiRowInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly string _head;
    private readonly string _row;
    private readonly string _tail;
    private readonly RawStatement?[] _bySize;

    /// <param name="head">The statement up to VALUES included, e.g. <c>INSERT INTO t (a, b) VALUES</c>.</param>
    /// <param name="tail">What follows the rows (an ON CONFLICT clause, or empty).</param>
    public MultiRowInsert(sqlite3 db, string head, int parametersPerRow, string tail, int maxRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parametersPerRow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parametersPerRow * maxRows, 999);
        _db = db;
        _head = head;
        _row = "(" + string.Join(", ", Enumerable.Repeat("?", parametersPerRow)) + ")";
        _tail = tail;
        ParametersPerRow = parametersPerRow;
        _bySize = new RawStatement?[maxRows + 1];
    }

    public int ParametersPerRow { get; }

    public int MaxRows => _bySize.Length - 1;

    /// <summary>The statements prepared so far (one per row count used).</summary>
    public IEnumerable<RawStatement> Prepared => _bySize.OfType<RawStatement>();

    /// <summary>The statement inserting exactly <paramref name="rows"/> rows, prepared on first use.</summary>
    public RawStatement For(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, MaxRows);
        return _bySize[rows] ??= new RawStatement(_db, $"{_head} {string.Join(", ", Enumerable.Repeat(_row, rows))} {_tail};");
    }

    /// <summary>
    /// Writes every row of <paramref name="rows"/>, up to <see cref="MaxRows"/> per statement: <paramref name="bind"/>
    /// binds one row from its first parameter's offset (0-based; SQLite numbers parameters from offset + 1).
    /// </summary>
    public void WriteAll<TState, TRow>(List<TRow> rows, TState state, Action<RawStatement, int, TState, TRow> bind)
    {
        for (int start = 0; start < rows.Count; start += MaxRows)
        {
            int count = Math.Min(MaxRows, rows.Count - start);
            var statement = For(count);
            for (int r = 0; r < count; r++)
            {
                bind(statement, r * ParametersPerRow, state, rows[start + r]);
            }

            statement.Execute();
        }
    }

    public void Dispose()
    {
        foreach (var statement in Prepared)
        {
            statement.Dispose();
        }
    }
}
