using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Directory.Api.GraphQL.Loaders;
using Directory.Model.Common;
using Directory.Model.Importing;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Importing;

/// <summary>How the change log and the provenance tables name a record: its entity type and key.</summary>
public readonly record struct RecordRef(string Type, string Key)
{
    private static readonly ConcurrentDictionary<Type, Func<object, DateTime?>?> WithdrawnReaders = new();

    /// <summary>
    /// The reference of a record with an integer key (the CLR type name, which is also its GraphQL and global-ID type
    /// name, as the importers and manual edits write it); null for records keyed otherwise (geography).
    /// </summary>
    public static RecordRef? Of(Record record) =>
        record is Entity entity ? new RecordRef(entity.GetType().Name, entity.Id.ToString(CultureInfo.InvariantCulture)) : null;

    /// <summary>When a feed withdrew the record, for record types that can be withdrawn (they have <c>WithdrawnAt</c>).</summary>
    public static DateTime? WithdrawnAt(Record record) =>
        WithdrawnReaders.GetOrAdd(record.GetType(), type =>
            type.GetProperty("WithdrawnAt", BindingFlags.Public | BindingFlags.Instance) is { } property && property.PropertyType == typeof(DateTime?)
                ? r => (DateTime?)property.GetValue(r)
                : null)?.Invoke(record);
}

/// <summary>A record's provenance row with the run that last changed the record.</summary>
public sealed record RecordOrigin(RecordProvenance Provenance, ImportRun? LastRun);

/// <summary>Batched loads of provenance, change-log authors and import runs: one statement per level and record type.</summary>
public static class ProvenanceLoaders
{
    /// <summary>Values of <see cref="Record.Source"/> that are never import sources.</summary>
    private static readonly HashSet<string> NotImported = new([Sources.Manual, Sources.Demo, Sources.Istat, Sources.Reference], StringComparer.Ordinal);

    public static IDataLoaderResult<RecordOrigin?> LoadRecordOrigin(this IResolveFieldContext context, RecordRef record) =>
        context.Loaders().One<string, RecordOrigin>("recordOrigin:" + record.Type, (db, keys, ct) =>
            (from p in db.RecordProvenance.AsNoTracking()
             where p.EntityType == record.Type && keys.Contains(p.EntityKey)
             join r in db.ImportRuns.AsNoTracking() on p.LastRunId equals r.Id into runs
             from r in runs.DefaultIfEmpty()
             select new RecordOrigin(p, r)).ToDictionaryAsync(o => o.Provenance.EntityKey, StringComparer.Ordinal, ct))
        .Load(record.Key);

    public static IDataLoaderResult<IReadOnlyList<FieldProvenance>> LoadFieldProvenance(this IResolveFieldContext context, RecordRef record) =>
        context.Loaders().Many<string, FieldProvenance>("fieldProvenance:" + record.Type, (db, keys, ct) =>
            db.FieldProvenance.AsNoTracking().Where(p => p.EntityType == record.Type && keys.Contains(p.EntityKey)).OrderBy(p => p.Field).ToListAsync(ct),
            p => p.EntityKey).Load(record.Key);

    /// <summary>The import source of that id; null (without a statement) for the well-known non-import values.</summary>
    public static IDataLoaderResult<ImportSource?>? LoadImportSource(this IResolveFieldContext context, string? sourceId) =>
        sourceId is null || NotImported.Contains(sourceId)
            ? null
            : context.Loaders().One<string, ImportSource>("importSource", (db, ids, ct) =>
                db.ImportSources.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, ct)).Load(sourceId);

    public static IDataLoaderResult<ImportRun?>? LoadImportRun(this IResolveFieldContext context, int? runId) =>
        runId is not { } id
            ? null
            : context.Loaders().One<int, ImportRun>("importRun", (db, ids, ct) =>
                db.ImportRuns.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct)).Load(id);
}
