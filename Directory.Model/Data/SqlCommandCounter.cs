using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Directory.Model.Data;

/// <summary>Counts the SQL commands the app sends, for tests and the benchmark's statements-per-request figure.</summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    /// <summary>The tally of the logical flow (e.g. one HTTP request) that asked for one, if any.</summary>
    private static readonly AsyncLocal<Tally?> Current = new();

    private long _count;

    /// <summary>Commands executed since start.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>
    /// Starts counting the commands of the current logical flow and what it awaits (a request and its DataLoaders),
    /// apart from concurrent flows; read the returned tally at its end.
    /// </summary>
    public static Tally BeginTally()
    {
        var tally = new Tally();
        Current.Value = tally;
        return tally;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Increment();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Increment();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Increment();
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Increment();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Increment();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Increment();
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// Counts a command sent on <paramref name="db"/>'s connection directly through ADO.NET (which interceptors do not
    /// see), so hand-prepared statements on hot paths still show in the figures.
    /// </summary>
    public static void CountDirect(Microsoft.EntityFrameworkCore.DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var counter in db is DirectoryDbContext directory ? directory.Interceptors.Counters : Interceptors.Of(db).Counters)
        {
            counter.Increment();
        }
    }

    internal void Increment()
    {
        Interlocked.Increment(ref _count);
        Current.Value?.Increment();
    }

    /// <summary>Commands counted for one logical flow.</summary>
    public sealed class Tally
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        internal void Increment() => Interlocked.Increment(ref _count);
    }
}
