using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Model.Data;

/// <summary>
/// The API's hot reads (pages and batches by id) on <see cref="NativeStatement"/>s instead of EF Core queries, where the
/// context runs on SQLite and <see cref="DataOptions.NativeReads"/> is on; callers keep an EF Core query for other cases
/// (<see cref="Enabled"/> false), which must give the same records.
/// </summary>
public static class NativeReads
{
    /// <summary>Whether <paramref name="db"/> reads natively (SQLite, and the option on).</summary>
    public static bool Enabled(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db is DirectoryDbContext { NativeReads: true };
    }

    /// <summary>Closes the idle native connections of every database (e.g. before deleting a database file).</summary>
    public static void ClearPools() => NativeConnections.ClearAll();

    /// <summary>Whether <paramref name="db"/> reads whole <typeparamref name="T"/> entities natively (see <see cref="EntityReader.TryFor{T}"/>).</summary>
    public static bool Enabled<T>(DbContext db)
        where T : class =>
        Enabled(db) && EntityReader.TryFor<T>(db.Model) is not null;

    /// <summary>
    /// Runs <paramref name="read"/> on the statement kept for <paramref name="sql"/>, counted like EF Core's commands: on
    /// one of the Directory's own connections to the context's database (<see cref="NativeConnections"/>) when the
    /// context's connection is closed and outside a transaction, else on the context's connection (opened for it if
    /// needed, in the context's transaction if there is one).
    /// </summary>
    public static Task<T> RunAsync<T>(DbContext db, string sql, Func<NativeStatement, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(read);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Run(db, sql, read));
    }

    private static T Run<T>(DbContext db, string sql, Func<NativeStatement, T> read)
    {
        var interceptors = db is DirectoryDbContext directory ? directory.Interceptors : Interceptors.Of(db);
        T Read(SQLitePCL.sqlite3 handle)
        {
            foreach (var counter in interceptors.Counters)
            {
                counter.Increment();
            }

            using var statement = NativeStatement.Rent(handle, sql);
            return read(statement);
        }

        if (NativeConnections.For(db, interceptors) is { } pool)
        {
            var handle = pool.Rent();
            try
            {
                return Read(handle);
            }
            finally
            {
                pool.Return(handle);
            }
        }

        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            // Opened and closed here, past EF Core (which would not see it open: nothing else runs on the context meanwhile),
            // with the set-up EF Core's open would apply. Microsoft.Data.Sqlite opens synchronously either way.
            connection.Open();
            interceptors.ConnectionSetup?.Configure(connection);
        }

        try
        {
            return Read(connection.Handle!);
        }
        finally
        {
            if (opened)
            {
                connection.Close();
            }
        }
    }

    /// <summary>The records of <typeparamref name="T"/> (an entity with an integer key) whose key is one of <paramref name="ids"/>, by key.</summary>
    /// <remarks>With <paramref name="properties"/>, only those (and the key) are read: see <see cref="EntityReader{T}.Only"/>.</remarks>
    public static async Task<Dictionary<int, T>> ByIdsAsync<T>(DbContext db, IReadOnlyCollection<int> ids, Func<T, int> keyOf, CancellationToken cancellationToken, IReadOnlyCollection<string>? properties = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keyOf);
        var reader = EntityReader.For<T>(db.Model).Only(properties);
        var rows = await RowsAsync(db, reader.ByKeysSql, ids, statement => reader.Read(statement), cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(keyOf);
    }

    /// <summary>Records of <typeparamref name="T"/> read by <paramref name="sql"/> (whole rows, see <see cref="EntityReader{T}.Columns"/>), whose one parameter is the JSON array of <paramref name="keys"/>.</summary>
    public static Task<List<T>> ListAsync<T>(DbContext db, string sql, IReadOnlyCollection<int> keys, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        var reader = EntityReader.For<T>(db.Model);
        return RowsAsync(db, sql, keys, statement => reader.Read(statement), cancellationToken);
    }

    /// <summary>
    /// Rows of <paramref name="sql"/> whose first column is a key and whose next columns are a whole <typeparamref name="T"/>
    /// (see <see cref="EntityReader{T}.Columns"/>); its one parameter is the JSON array of <paramref name="keys"/>.
    /// </summary>
    /// <remarks>
    /// With <paramref name="properties"/>, the columns after the key are those of <see cref="EntityReader{T}.Only"/> for them
    /// (select them with its <see cref="EntityReader{T}.Columns"/>).
    /// </remarks>
    public static Task<List<(int Key, T Entity)>> KeyedAsync<T>(DbContext db, string sql, IReadOnlyCollection<int> keys, CancellationToken cancellationToken, IReadOnlyCollection<string>? properties = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        var reader = EntityReader.For<T>(db.Model).Only(properties);
        return RowsAsync(db, sql, keys, statement => ((int)statement.Whole(0), reader.Read(statement, 1)), cancellationToken);
    }

    /// <summary>Every row of <paramref name="sql"/>, whose one parameter is the JSON array of <paramref name="keys"/>, as <paramref name="row"/> reads it.</summary>
    public static Task<List<TRow>> RowsAsync<TRow>(DbContext db, string sql, IReadOnlyCollection<int> keys, Func<NativeStatement, TRow> row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(row);
        return RunAsync(db, sql, statement =>
        {
            statement.BindJsonArray(1, keys);
            var rows = new List<TRow>();
            while (statement.Step())
            {
                rows.Add(row(statement));
            }

            return rows;
        }, cancellationToken);
    }

    /// <summary>Registers whether contexts built with <paramref name="options"/> read natively (on SQLite only).</summary>
    internal static DbContextOptionsBuilder UseNativeReads(this DbContextOptionsBuilder options, bool enabled)
    {
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new NativeReadsExtension(enabled));
        return options;
    }

    /// <summary>Whether <paramref name="options"/> ask for native reads (which apply on SQLite only).</summary>
    internal static bool Requested(DbContextOptions options) => options.FindExtension<NativeReadsExtension>()?.Enabled == true;

    /// <summary>Carries <see cref="DataOptions.NativeReads"/> into a context's options; adds no services.</summary>
    private sealed class NativeReadsExtension(bool enabled) : IDbContextOptionsExtension
    {
        private DbContextOptionsExtensionInfo? _info;

        public bool Enabled => enabled;

        public DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

        public void ApplyServices(IServiceCollection services)
        {
        }

        public void Validate(IDbContextOptions options)
        {
        }

        private sealed class ExtensionInfo(NativeReadsExtension extension) : DbContextOptionsExtensionInfo(extension)
        {
            public override bool IsDatabaseProvider => false;

            public override string LogFragment => extension.Enabled ? "NativeReads " : "";

            public override int GetServiceProviderHashCode() => 0;

            public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

            public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
                debugInfo["Directory:NativeReads"] = extension.Enabled ? "1" : "0";
        }
    }
}
