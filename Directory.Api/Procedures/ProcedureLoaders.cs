using Directory.Api.GraphQL.Loaders;
using Directory.Api.Services;
using Directory.Model.Common;
using Directory.Model.Procedures;
using Directory.Model.Services;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Procedures;

public static class ProcedureLoaders
{
    /// <summary>Procedures the public may see.</summary>
    public static IQueryable<Procedure> Visible(IQueryable<Procedure> procedures) =>
        procedures.Where(p => p.Status == ProcedureStatus.Published || p.Status == ProcedureStatus.Archived);

    public static IDataLoaderResult<IReadOnlyList<ProcedureStep>> LoadSteps(this IResolveFieldContext context, int procedureId) =>
        context.Loaders().Many<int, ProcedureStep>("procedureSteps", (db, ids, ct) =>
            db.ProcedureSteps.Where(s => ids.Contains(s.ProcedureId)).OrderBy(s => s.Position).ThenBy(s => s.Id).ToListAsync(ct),
            s => s.ProcedureId).Load(procedureId);

    public static IDataLoaderResult<IReadOnlyList<ProcedureDocument>> LoadProcedureDocuments(this IResolveFieldContext context, int procedureId) =>
        context.Loaders().Many<int, ProcedureDocument>("procedureDocuments", (db, ids, ct) =>
            db.ProcedureDocuments.Where(d => ids.Contains(d.ProcedureId)).OrderBy(d => d.Position).ThenBy(d => d.Id).ToListAsync(ct),
            d => d.ProcedureId).Load(procedureId);

    public static IDataLoaderResult<IReadOnlyList<ProcedureCost>> LoadCosts(this IResolveFieldContext context, int procedureId) =>
        context.Loaders().Many<int, ProcedureCost>("procedureCosts", (db, ids, ct) =>
            db.ProcedureCosts.Where(x => ids.Contains(x.ProcedureId)).OrderBy(x => x.Position).ThenBy(x => x.Id).ToListAsync(ct),
            x => x.ProcedureId).Load(procedureId);

    public static IDataLoaderResult<IReadOnlyList<LegalReference>> LoadLegalReferences(this IResolveFieldContext context, int procedureId) =>
        context.Loaders().Many<int, LegalReference>("legalReferences", (db, ids, ct) =>
            db.LegalReferences.Where(r => ids.Contains(r.ProcedureId)).OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct),
            r => r.ProcedureId).Load(procedureId);

    public static IDataLoaderResult<IReadOnlyList<Keyed<Service>>> LoadServicesOfProcedure(this IResolveFieldContext context, int procedureId) =>
        context.Loaders().Many<int, Keyed<Service>>("servicesOfProcedure", (db, ids, ct) =>
            db.ProcedureServices.Where(ps => ids.Contains(ps.ProcedureId))
                .Join(db.Services, ps => ps.ServiceId, s => s.Id, (ps, s) => new { ps.ProcedureId, Service = s })
                .OrderBy(x => x.Service.Name).ThenBy(x => x.Service.Id)
                .Select(x => new Keyed<Service>(x.ProcedureId, x.Service))
                .ToListAsync(ct),
            k => k.Key).Load(procedureId);

    public static IDataLoaderResult<IReadOnlyList<Keyed<Procedure>>> LoadProceduresOfService(this IResolveFieldContext context, int serviceId) =>
        context.Loaders().Many<int, Keyed<Procedure>>("proceduresOfService", (db, ids, ct) =>
            db.ProcedureServices.Where(ps => ids.Contains(ps.ServiceId))
                .Join(Visible(db.Procedures), ps => ps.ProcedureId, p => p.Id, (ps, p) => new { ps.ServiceId, Procedure = p })
                .OrderBy(x => x.Procedure.Title).ThenBy(x => x.Procedure.Id)
                .Select(x => new Keyed<Procedure>(x.ServiceId, x.Procedure))
                .ToListAsync(ct),
            k => k.Key).Load(serviceId);

    public static IDataLoaderResult<IReadOnlyList<Keyed<Procedure>>> LoadRelatedProcedures(this IResolveFieldContext context, int procedureId) =>
        context.Loaders().Many<int, Keyed<Procedure>>("relatedProcedures", (db, ids, ct) =>
            db.ProcedureRelations.Where(r => ids.Contains(r.ProcedureId))
                .Join(Visible(db.Procedures), r => r.RelatedProcedureId, p => p.Id, (r, p) => new { r.ProcedureId, Procedure = p })
                .OrderBy(x => x.Procedure.Title).ThenBy(x => x.Procedure.Id)
                .Select(x => new Keyed<Procedure>(x.ProcedureId, x.Procedure))
                .ToListAsync(ct),
            k => k.Key).Load(procedureId);

    public static IDataLoaderResult<Procedure?> LoadProcedure(this IResolveFieldContext context, int id) =>
        context.Loaders().One<int, Procedure>("procedure", (db, ids, ct) =>
            Visible(db.Procedures).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct)).Load(id);
}
