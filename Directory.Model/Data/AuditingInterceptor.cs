using Directory.Model.Common;
using Directory.Model.Translations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Directory.Model.Data;

/// <summary>
/// Stamps timestamps and bumps the revision of every record written, in one place, so no writer can forget.
/// </summary>
public sealed class AuditingInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case Record record when entry.State == EntityState.Added:
                    record.CreatedAt = record.CreatedAt == default ? now : record.CreatedAt;
                    record.UpdatedAt = now;
                    record.Revision = 1;
                    break;
                case Record record when entry.State == EntityState.Modified:
                    record.UpdatedAt = now;
                    record.Revision = (long)entry.Property(nameof(Record.Revision)).OriginalValue! + 1;
                    break;
                case Translation translation when entry.State == EntityState.Added:
                    translation.CreatedAt = translation.CreatedAt == default ? now : translation.CreatedAt;
                    translation.UpdatedAt = now;
                    break;
                case Translation translation when entry.State == EntityState.Modified:
                    translation.UpdatedAt = now;
                    break;
            }
        }
    }
}
