using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.GraphQL.Paging;
using Directory.Model.Taxonomy;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Taxonomy;

public static class CategoryQueries
{
    public static void AddCategoryQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionGraphType<CategoryGraphType, Category>>, Connection<Category>>("categories")
            .Description("The taxonomy as a tree: the top-level categories (or the children of `parent`), each with its `children`.")
            .Argument<StringGraphType>("parent", "Code of the category whose children to list; omit for the top level.")
            .LangArgument()
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                LanguageArgument.Validate(c);
                var parentCode = c.GetArgument<string?>("parent");
                return await c.Loaders().QueryAsync(async db =>
                {
                    IQueryable<Category> categories;
                    if (parentCode is null)
                    {
                        categories = db.Categories.Where(x => x.ParentId == null);
                    }
                    else
                    {
                        var parent = await db.Categories.Where(x => x.Code == parentCode).Select(x => (int?)x.Id).FirstOrDefaultAsync(c.CancellationToken)
                            ?? throw DirectoryError.BadInput("parent", $"No category has code \"{parentCode}\".");
                        categories = db.Categories.Where(x => x.ParentId == parent);
                    }

                    return await categories.OrderBy(x => x.Position).ThenBy(x => x.Name).ThenBy(x => x.Id).ToConnectionAsync(page, c.CancellationToken);
                }, c.CancellationToken);
            });

        query.Field<CategoryGraphType, Category>("category")
            .Description("One category by its code.")
            .Argument<NonNullGraphType<StringGraphType>>("code", "The category's code, e.g. \"education.italian-language\".")
            .LangArgument()
            .ResolveAsync(async c =>
            {
                LanguageArgument.Validate(c);
                var code = c.GetArgument<string>("code");
                return await c.Loaders().QueryAsync(db => db.Categories.FirstOrDefaultAsync(x => x.Code == code, c.CancellationToken), c.CancellationToken)
                    ?? throw DirectoryError.NotFound("code", $"No category has code \"{code}\".");
            });
    }
}
