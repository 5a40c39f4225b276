using System.Runtime.InteropServices;

namespace Correlator.Storage;

/// <summary>The one SQLite entry point called without SQLitePCL: binding text that SQLite reads in place (see <see cref="RawStatement"/>).</summary>
internal static partial class NativeBind
{
    /// <summary><c>sqlite3_bind_text</c> of the e_sqlite3 library that SQLitePCL loads; <paramref name="destructor"/> zero is SQLITE_STATIC.</summary>
    [LibraryImport("e_sqlite3")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static partial int sqlite3_bind_text(IntPtr statement, int index, IntPtr text, int length, IntPtr destructor);
}
