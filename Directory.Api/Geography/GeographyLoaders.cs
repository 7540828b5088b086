using Directory.Api.GraphQL;
using Directory.Api.GraphQL.Loaders;
using Directory.Model.Geography;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Geography;

/// <summary>Regions, provinces and comuni by ISTAT code: from <see cref="ReferenceCache"/>, else in batches from the database.</summary>
public static class GeographyLoaders
{
    private static ReferenceCache Cache(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<ReferenceCache>();

    public static IDataLoaderResult<Comune?> LoadComune(this IResolveFieldContext context, string code) =>
        Cache(context).TryGetComune(code, out var comune)
            ? DataLoaderResults.Known<Comune?>(comune)
            : context.Loaders().One<string, Comune>("comune", (db, codes, ct) =>
                db.Comuni.Where(c => codes.Contains(c.IstatCode)).ToDictionaryAsync(c => c.IstatCode, StringComparer.Ordinal, ct)).Load(code);

    public static IDataLoaderResult<Province?> LoadProvince(this IResolveFieldContext context, string code) =>
        Cache(context).TryGetProvince(code, out var province)
            ? DataLoaderResults.Known<Province?>(province)
            : context.Loaders().One<string, Province>("province", (db, codes, ct) =>
                db.Provinces.Where(p => codes.Contains(p.IstatCode)).ToDictionaryAsync(p => p.IstatCode, StringComparer.Ordinal, ct)).Load(code);

    public static IDataLoaderResult<Region?> LoadRegion(this IResolveFieldContext context, string code) =>
        Cache(context).TryGetRegion(code, out var region)
            ? DataLoaderResults.Known<Region?>(region)
            : context.Loaders().One<string, Region>("region", (db, codes, ct) =>
                db.Regions.Where(r => codes.Contains(r.IstatCode)).ToDictionaryAsync(r => r.IstatCode, StringComparer.Ordinal, ct)).Load(code);

    public static IDataLoaderResult<IReadOnlyList<Province>> LoadProvincesOfRegion(this IResolveFieldContext context, string code) =>
        context.Loaders().Many<string, Province>("provincesOfRegion", (db, codes, ct) =>
            db.Provinces.Where(p => codes.Contains(p.RegionIstatCode)).OrderBy(p => p.Name).ToListAsync(ct), p => p.RegionIstatCode).Load(code);

    public static IDataLoaderResult<IReadOnlyList<Comune>> LoadComuniOfProvince(this IResolveFieldContext context, string code) =>
        context.Loaders().Many<string, Comune>("comuniOfProvince", (db, codes, ct) =>
            db.Comuni.Where(c => codes.Contains(c.ProvinceIstatCode)).OrderBy(c => c.Name).ToListAsync(ct), c => c.ProvinceIstatCode).Load(code);
}
