using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Directory.Model.Search;

/// <summary>
/// Brings the full-text index up to date in the same transaction as every <c>SaveChanges</c>, so no reader sees data
/// without its index or the other way round: the triggers queue the documents the save touches, and right after the
/// save <see cref="SqliteTextSearch.RefreshAsync(DbContext, CancellationToken)"/> rebuilds them. With a caller's
/// transaction (importer batches) the refresh joins it and commits or rolls back with it; without one, the interceptor
/// opens one before the save and commits it after the refresh, or rolls it back if the save or the refresh fails.
/// </summary>
public sealed class SearchIndexInterceptor : SaveChangesInterceptor
{
    /// <summary>The transactions this interceptor opened, by context (a pooled context outlives its uses).</summary>
    private readonly ConditionalWeakTable<DbContext, IDbContextTransaction> _opened = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && NeedsTransaction(context))
        {
            _opened.AddOrUpdate(context, context.Database.BeginTransaction());
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context && NeedsTransaction(context))
        {
            _opened.AddOrUpdate(context, await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            try
            {
                SqliteTextSearch.Refresh(context);
                if (_opened.TryGetValue(context, out var transaction))
                {
                    transaction.Commit();
                    Forget(context, transaction);
                }
            }
            catch
            {
                RollBack(context);
                throw;
            }
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context is { } context)
        {
            try
            {
                await SqliteTextSearch.RefreshAsync(context, cancellationToken).ConfigureAwait(false);
                if (_opened.TryGetValue(context, out var transaction))
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    await ForgetAsync(context, transaction).ConfigureAwait(false);
                }
            }
            catch
            {
                await RollBackAsync(context).ConfigureAwait(false);
                throw;
            }
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => RollBack(eventData?.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        RollBackAsync(eventData?.Context);

    public override void SaveChangesCanceled(DbContextEventData eventData) => RollBack(eventData?.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        RollBackAsync(eventData?.Context);

    /// <summary>Whether the save needs a transaction of ours: it writes something and the caller has none.</summary>
    private static bool NeedsTransaction(DbContext context) =>
        context.Database.CurrentTransaction is null && context.ChangeTracker.HasChanges();

    private void RollBack(DbContext? context)
    {
        if (context is not null && _opened.TryGetValue(context, out var transaction))
        {
            try
            {
                transaction.Rollback();
            }
            finally
            {
                Forget(context, transaction);
            }
        }
    }

    private async Task RollBackAsync(DbContext? context)
    {
        if (context is not null && _opened.TryGetValue(context, out var transaction))
        {
            try
            {
                // Not cancellable: the transaction must end whatever happened to the save.
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                await ForgetAsync(context, transaction).ConfigureAwait(false);
            }
        }
    }

    private void Forget(DbContext context, IDbContextTransaction transaction)
    {
        _opened.Remove(context);
        transaction.Dispose();
    }

    private async ValueTask ForgetAsync(DbContext context, IDbContextTransaction transaction)
    {
        _opened.Remove(context);
        await transaction.DisposeAsync().ConfigureAwait(false);
    }
}
