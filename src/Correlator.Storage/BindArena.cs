using System.Runtime.InteropServices;

namespace Correlator.Storage;

/// <summary>
/// Native memory that holds the text bound to one prepared statement until it has run (SQLite reads it in place:
/// SQLITE_STATIC). Taken in slices from chunks that never move, so a slice stays valid while later ones are taken;
/// <see cref="Clear"/> reuses the chunks for the next execution.
/// </summary>
internal sealed class BindArena : IDisposable
{
    private const int ChunkBytes = 64 * 1024;

    private readonly List<(IntPtr Start, int Length)> _chunks = [];
    private int _chunk;
    private int _used;

    /// <summary>A slice of native memory; valid until <see cref="Clear"/> or <see cref="Dispose"/>.</summary>
    public readonly unsafe struct Slice(IntPtr pointer, int length)
    {
        public IntPtr Pointer { get; } = pointer;

        public Span<byte> Span => new((void*)Pointer, length);
    }

    /// <summary>A slice of <paramref name="length"/> bytes.</summary>
    public Slice Take(int length)
    {
        while (_chunk < _chunks.Count && _used + length > _chunks[_chunk].Length)
        {
            (_chunk, _used) = (_chunk + 1, 0);
        }

        if (_chunk == _chunks.Count)
        {
            int size = Math.Max(ChunkBytes, length);
            _chunks.Add((Marshal.AllocHGlobal(size), size));
            _used = 0;
        }

        var slice = new Slice(_chunks[_chunk].Start + _used, length);
        _used += length;
        return slice;
    }

    /// <summary>Forgets every slice taken (the statement they were bound to has run and its bindings are cleared).</summary>
    public void Clear() => (_chunk, _used) = (0, 0);

    public void Dispose()
    {
        foreach (var (start, _) in _chunks)
        {
            Marshal.FreeHGlobal(start);
        }

        _chunks.Clear();
    }
}
