using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Directory.Model.Data;

/// <summary>
/// The interceptors of a context's options that statements sent past EF Core must involve themselves: the statement
/// counters, and the connection set-up for a connection opened directly.
/// </summary>
internal sealed record Interceptors(IReadOnlyList<SqlCommandCounter> Counters, SqliteConnectionInterceptor? ConnectionSetup)
{
    public static Interceptors Of(DbContext db)
    {
        var options = db.GetService<IDbContextOptions>();
        var all = options.FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        return new Interceptors([.. all.OfType<SqlCommandCounter>()], all.OfType<SqliteConnectionInterceptor>().FirstOrDefault());
    }
}
