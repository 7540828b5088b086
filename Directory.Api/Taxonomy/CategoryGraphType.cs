using System.Globalization;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Model.Taxonomy;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Taxonomy;

public sealed class CategoryGraphType : ObjectGraphType<Category>
{
    public static readonly Translatable<Category> Translatable = new("Category", c => c.Id.ToString(CultureInfo.InvariantCulture), _ => "it");

    public CategoryGraphType()
    {
        Name = "Category";
        Description = "A term of the Directory's hierarchical service taxonomy (HSDS taxonomy_term).";
        this.AddNodeId("Category");
        Field(c => c.Code).Description("Stable code, e.g. `education.italian-language`. Codes are never reused; filter by them.");
        this.LocalizedField(Translatable, "name", c => c.Name, "Name of the category.", nonNull: true);
        this.LocalizedField(Translatable, "description", c => c.Description, "What the category covers.");
        Field<CategoryGraphType, Category>("parent").Description("The broader category, or null at the top of the tree.")
            .ResolveLoader(c => c.Source.ParentId is { } parent ? c.LoadCategory(parent) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryGraphType>>>, IEnumerable<Category>>("children")
            .Description("Narrower categories, in display order.")
            .ResolveLoader(c => c.LoadChildCategories(c.Source.Id));
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public static class CategoryLoaders
{
    public static IDataLoaderResult<Category?> LoadCategory(this IResolveFieldContext context, int id) =>
        context.Loaders().One<int, Category>("category", (db, ids, ct) =>
            db.Categories.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct)).Load(id);

    public static IDataLoaderResult<IReadOnlyList<Category>> LoadChildCategories(this IResolveFieldContext context, int id) =>
        context.Loaders().Many<int, Category>("categoryChildren", (db, ids, ct) =>
            db.Categories.Where(c => c.ParentId != null && ids.Contains(c.ParentId.Value)).OrderBy(c => c.Position).ThenBy(c => c.Name).ToListAsync(ct),
            c => c.ParentId!.Value).Load(id);
}
