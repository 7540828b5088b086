using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Directory.Model.Data;

/// <summary>
/// A read statement kept prepared on one native SQLite connection and run again and again, for the hot reads of the
/// API (the near search's statements, pages and batches by id). Microsoft.Data.Sqlite prepares every command again on
/// every execution (parsing and planning cost more than running a primary-key lookup), looks each parameter up by
/// name, and builds a data reader per execution; EF Core adds its own query pipeline on top. These statements are
/// prepared once per native connection (<c>SQLITE_PREPARE_PERSISTENT</c>) and bound and read by position.
/// </summary>
/// <remarks>
/// Get one with <see cref="Rent(SqliteConnection, string)"/> while the connection is open, bind, <see cref="Step"/> through the rows, and dispose
/// it (which resets it and hands it back). A pooled connection keeps its statements while it waits in the pool; when the
/// pool closes the native connection, its statements are finalized with it once unreachable (SQLite closes a connection
/// with statements left as soon as the last one is finalized). A statement changed by a schema change (a migration,
/// <c>ANALYZE</c>) is prepared again by SQLite itself at its next step. Not thread-safe, like the connection it runs on.
/// </remarks>
public sealed partial class NativeStatement : IDisposable
{
    /// <summary>Most statements kept per native connection; others are finalized after use.</summary>
    public const int MaxCachedPerConnection = 64;

    private static readonly ConditionalWeakTable<sqlite3, Dictionary<string, NativeStatement>> Cache = [];

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <summary>The native statement, for the column reads (<see cref="Column"/>); valid while <see cref="_statement"/> is not disposed.</summary>
    private readonly IntPtr _handle;
    private readonly bool _cached;
    private bool _rented;

    private NativeStatement(sqlite3 db, string sql, bool cached)
    {
        _db = db;
        _cached = cached;
        var result = raw.sqlite3_prepare_v3(db, Encoding.UTF8.GetBytes(sql), cached ? (uint)raw.SQLITE_PREPARE_PERSISTENT : 0u, out var statement);
        _statement = statement;
        if (result != raw.SQLITE_OK)
        {
            var message = raw.sqlite3_errmsg(db).utf8_to_string();
            statement?.Dispose();
            throw new SqliteException($"SQLite Error {result}: '{message}'.", result);
        }

        _handle = statement.DangerousGetHandle();
    }

    /// <summary>Finalizes the statements kept for <paramref name="db"/> (before it is closed).</summary>
    internal static void FinalizeAll(sqlite3 db)
    {
        if (Cache.TryGetValue(db, out var statements))
        {
            foreach (var statement in statements.Values)
            {
                statement._statement.Dispose();
            }

            Cache.Remove(db);
        }
    }

    /// <summary>
    /// The statement for <paramref name="sql"/> on the open <paramref name="connection"/>'s native connection: the one
    /// kept there, or a new one (kept when there is room). A statement already rented on that connection (the same SQL
    /// read while it is being read) gets a fresh, uncached copy.
    /// </summary>
    public static NativeStatement Rent(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Rent(connection.Handle ?? throw new InvalidOperationException("The connection is not open."), sql);
    }

    /// <summary>As <see cref="Rent(SqliteConnection, string)"/>, on a native connection.</summary>
    internal static NativeStatement Rent(sqlite3 db, string sql)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrEmpty(sql);
        var statements = Cache.GetValue(db, _ => new Dictionary<string, NativeStatement>(StringComparer.Ordinal));
        if (!statements.TryGetValue(sql, out var statement) || statement._rented)
        {
            var keep = statement is null && statements.Count < MaxCachedPerConnection;
            statement = new NativeStatement(db, sql, keep);
            if (keep)
            {
                statements.Add(sql, statement);
            }
        }

        statement._rented = true;
        return statement;
    }

    /// <summary>Binds parameter <paramref name="index"/> (from 1) to an integer.</summary>
    public NativeStatement Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds parameter <paramref name="index"/> (from 1) to a real number.</summary>
    public NativeStatement Bind(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    /// <summary>Binds parameter <paramref name="index"/> (from 1) to text, or NULL.</summary>
    public NativeStatement Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Binds the parameter named <paramref name="name"/> (with its prefix, e.g. <c>$north</c>) to a real number.</summary>
    public NativeStatement Bind(string name, double value) => Bind(IndexOf(name), value);

    /// <summary>Binds the parameter named <paramref name="name"/> (with its prefix) to an integer.</summary>
    public NativeStatement Bind(string name, long value) => Bind(IndexOf(name), value);

    /// <summary>Binds the named parameter (e.g. <c>$match</c>) to a text.</summary>
    public NativeStatement Bind(string name, string? value) => Bind(IndexOf(name), value);

    /// <summary>Binds parameter <paramref name="index"/> (from 1) to a JSON array of integers, for <c>IN (SELECT value FROM json_each(?))</c>.</summary>
    public NativeStatement BindJsonArray(int index, IEnumerable<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Bind(index, "[" + string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]");
    }

    /// <summary>Binds the named parameter (e.g. <c>$ids</c>) to a JSON array of integers.</summary>
    public NativeStatement BindJsonArray(string name, IEnumerable<int> values) => BindJsonArray(IndexOf(name), values);

    /// <summary>How many times SQLite has had to prepare this statement again (after a schema change or a function registered on its connection).</summary>
    internal int Reprepared => raw.sqlite3_stmt_status(_statement, StatusReprepare, 0);

    /// <summary><c>SQLITE_STMTSTATUS_REPREPARE</c>, which SQLitePCL does not name.</summary>
    private const int StatusReprepare = 5;

    /// <summary>Moves to the next row: false when there is none left.</summary>
    public bool Step()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }

        if (result != raw.SQLITE_DONE)
        {
            var message = raw.sqlite3_errmsg(_db).utf8_to_string();
            raw.sqlite3_reset(_statement);
            throw new SqliteException($"SQLite Error {result}: '{message}'.", result);
        }

        return false;
    }

    /// <summary>Whether column <paramref name="column"/> (from 0) of the current row is NULL.</summary>
    public bool IsNull(int column) => Column.Type(_handle, column) == raw.SQLITE_NULL;

    /// <summary>The SQLite storage class of column <paramref name="column"/> of the current row (<c>raw.SQLITE_TEXT</c> etc.).</summary>
    public int StorageClass(int column) => Column.Type(_handle, column);

    public long Whole(int column) => Column.Int64(_handle, column);

    public double Real(int column) => Column.Double(_handle, column);

    /// <summary>The text of column <paramref name="column"/> of the current row; check <see cref="IsNull"/> first (NULL reads as an empty string).</summary>
    public unsafe string Text(int column)
    {
        var text = Column.Text(_handle, column);
        return text is null ? string.Empty : Encoding.UTF8.GetString(text, Column.Bytes(_handle, column));
    }

    /// <summary>The bytes of column <paramref name="column"/> of the current row: a text's UTF-8, valid until the next step or reset.</summary>
    public unsafe ReadOnlySpan<byte> Utf8(int column)
    {
        // The pointer first, then its length (SQLite's order: asking for the bytes may convert the value).
        var bytes = Column.Blob(_handle, column);
        return bytes is null ? default : new ReadOnlySpan<byte>(bytes, Column.Bytes(_handle, column));
    }

    public byte[] Blob(int column) => Utf8(column).ToArray();

    /// <summary>Resets the statement, clears its bindings and hands it back to its connection (or finalizes it if it was not kept).</summary>
    public void Dispose()
    {
        if (!_rented)
        {
            return;
        }

        _rented = false;
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
        if (!_cached)
        {
            _statement.Dispose();
        }
    }

    private int IndexOf(string name)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, name);
        return index > 0 ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));
    }

    private NativeStatement Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", result);
        }

        return this;
    }

    /// <summary>
    /// SQLite's column functions called directly with the statement's pointer. SQLitePCL's wrappers take a reference on
    /// the statement's SafeHandle and go through its provider interface on every call; a page of 20 services with their
    /// places reads a few hundred columns. The statement cannot be finalized while it is read: it is rented.
    /// </summary>
    private static unsafe partial class Column
    {
        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_type")]
        public static partial int Type(IntPtr statement, int column);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_int64")]
        public static partial long Int64(IntPtr statement, int column);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_double")]
        public static partial double Double(IntPtr statement, int column);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_text")]
        public static partial byte* Text(IntPtr statement, int column);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_blob")]
        public static partial byte* Blob(IntPtr statement, int column);

        [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_column_bytes")]
        public static partial int Bytes(IntPtr statement, int column);
    }
}
