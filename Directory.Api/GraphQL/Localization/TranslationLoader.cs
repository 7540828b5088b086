using Directory.Api.GraphQL.Loaders;
using Directory.Model.Translations;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.GraphQL.Localization;

/// <summary>Loads the translations of many records of one type in one statement.</summary>
public static class TranslationLoader
{
    public static IDataLoaderResult<IReadOnlyList<Translation>> LoadTranslations(this IResolveFieldContext context, string entityType, string key) =>
        context.Loaders().Many<string, Translation>(
            "translations:" + entityType,
            (db, keys, ct) => db.Translations.Where(t => t.EntityType == entityType && keys.Contains(t.EntityKey)).ToListAsync(ct),
            t => t.EntityKey)
        .Load(key);
}
