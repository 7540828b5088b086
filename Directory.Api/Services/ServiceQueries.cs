using Directory.Api.Geo;
using Directory.Api.Geography;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.GraphQL.Paging;
using Directory.Api.GraphQL.Relay;
using Directory.Api.Search;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Geo;
using Directory.Model.Schedules;
using Directory.Model.Services;
using Directory.Model.Taxonomy;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Services;

public sealed class ServiceFilterInputGraphType : InputObjectGraphType
{
    public ServiceFilterInputGraphType()
    {
        Name = "ServiceFilter";
        Description = "Which services to list. Every criterion given must hold; within a list, any value matches (for categories, see `categoryMatch`).";
        Field<BooleanGraphType>("includeWithdrawn").Description("Include services that their source feed has withdrawn (see `withdrawnAt`); left out by default.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("categories").Description(
            "Category codes; services filed under any of them (or all, see `categoryMatch`). A category includes its descendants: "
            + "a top-level code finds the services filed under its children. An unknown code is an error.");
        Field<CategoryMatchGraphType>("categoryMatch").Description("Whether services must match any (default) or all of `categories`.");
        Field<StringGraphType>("comune").Description("Six-digit ISTAT code of a comune where the service has a location.");
        Field<StringGraphType>("province").Description("A province where the service has a location: ISTAT code (\"048\") or abbreviation (\"FI\").");
        Field<StringGraphType>("region").Description("Two-digit ISTAT code of a region where the service has a location, e.g. \"09\" for Toscana.");
        Field<StringGraphType>("servesComune").Description(
            "Six-digit ISTAT code of a comune the service serves: it has a location there, or one of its service areas covers it "
            + "(the comune itself, its province or its region), even when its desks are elsewhere.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("languages").Description("BCP 47 tags; services whose staff speak any of them.");
        Field<ListGraphType<NonNullGraphType<ServiceStatusGraphType>>>("status").Description("Statuses to include; without it, all but `INACTIVE`.");
        Field<IdGraphType>("organization").Description("Only services of this organization (its global ID).");
        Field<ListGraphType<NonNullGraphType<TargetGroupGraphType>>>("targetGroups").Description("Services meant for any of these groups.");
        Field<BooleanGraphType>("isFree").Description("Only free services (true) or only paid ones (false).");
        Field<IntGraphType>("age").Description(
            $"An age in years (0 to {ServiceQueries.MaxAge}): only services whose `minimumAge` and `maximumAge` admit it (both inclusive; a missing bound does not limit).");
        Field<BooleanGraphType>("wheelchairAccessible").Description(
            "`true`: only services with at least one current (not withdrawn) location a wheelchair user can get into (see `wheelchairAccessible` on Location).");
        Field<BooleanGraphType>("openNow").Description("`true`: only services open now at one of their places (Italian local time, holidays and special days included; see `openNow` on Service).");
        Field<DateTimeGraphType>("openAt").Description("Only services open at this moment at one of their places (ISO 8601 with offset).");
    }
}

public static class ServiceQueries
{
    /// <summary>Highest age <c>filter.age</c> accepts.</summary>
    public const int MaxAge = 150;

    public static void AddServiceQueries(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ServiceConnectionGraphType>, Connection<Service>>("services")
            .Description("Services for foreign residents, filtered and sorted, in pages.")
            .Argument<ServiceFilterInputGraphType>("filter", "Which services to list.")
            .GeoSearchArguments("services", "A service counts at the nearest of its locations that have coordinates.")
            .SearchArgument("services", "their names, alternate names, descriptions, organization's names and categories", takesNear: true)
            .RankByArgument()
            .OrderByArgument()
            .LangArgument()
            .PagingArguments()
            .ResolveAsync(async c =>
            {
                var page = PageRequest.From(c);
                LanguageArgument.Validate(c);
                var input = FilterInput.From(c);
                var order = c.GetOrder();
                var age = AgeArgument(input);
                var wheelchairAccessible = WheelchairArgument(input);
                return await c.Loaders().QueryAsync<Connection<Service>>(async db =>
                {
                    var geo = await GeoArguments.ReadAsync(c, db);
                    var filter = new ServiceFilter
                    {
                        CategorySubtrees = await CategoriesArgumentAsync(db, input, c.CancellationToken),
                        CategoryMatch = input.Value<CategoryMatch>("categoryMatch") ?? CategoryMatch.Any,
                        ComuneIstatCode = await GeographyArguments.ComuneAsync(db, input.Text("comune"), "filter.comune", c.CancellationToken),
                        ProvinceIstatCode = await GeographyArguments.ProvinceAsync(db, input.Text("province"), "filter.province", c.CancellationToken),
                        RegionIstatCode = await GeographyArguments.RegionAsync(db, input.Text("region"), "filter.region", c.CancellationToken),
                        ServesComune = await GeoArguments.ServedComuneAsync(db, input.Text("servesComune"), "filter.servesComune", c.CancellationToken),
                        Languages = input.Languages("languages"),
                        Statuses = input.List<ServiceStatus>("status"),
                        OrganizationId = input.Id("organization", "Organization"),
                        TargetGroups = input.List<TargetGroup>("targetGroups"),
                        IsFree = input.Bool("isFree"),
                        IncludeWithdrawn = input.Bool("includeWithdrawn") ?? false,
                        OpenAtLocal = OpenAtArgument(c, input),
                        Age = age,
                        WheelchairAccessible = wheelchairAccessible,
                    };
                    // Everything the filter narrows, on any context: the page runs it here, facets later on their own contexts.
                    IQueryable<Service> Narrow(DirectoryDbContext context) => filter.Apply(context.Services);

                    var searched = await Narrow(db).SearchAsync(c, db);
                    IReadOnlyList<GeoMatch>? inArea = null;
                    var connection = await searched.ToSearchConnectionAsync(
                        c,
                        geo,
                        q => q.OrderBy(order.Field, order.Direction, s => s.Name),
                        async (search, q) =>
                        {
                            // A plain near-me list: the spatial statement can apply the default visibility itself (also
                            // when a search's matches are kept in memory: the list asked about is then the unsearched one).
                            geo!.DefaultVisibilityOnly = filter.IsDefault && (searched.Hits is null || geo.Keep is not null);
                            geo.ListedOnly = filter.ListedOnly;
                            return inArea = await search.ServicesAsync(db, q, geo, c.CancellationToken);
                        },
                        page);

                    // Facets count what the page was cut from: the area's services (found among the search's matches),
                    // else the search's matches, else the filtered list. Ids are only read when facets are asked for.
                    var ids = inArea?.Select(m => m.Id).ToList();
                    if (ids is null && searched.Hits is { } hits && c.Selects("facets"))
                    {
                        ids = await hits.IdsAsync(int.MaxValue, c.CancellationToken);
                    }

                    return new ServiceConnection(connection, new ServiceFacetSource(Narrow, ids));
                }, c.CancellationToken);
            });

        query.AddByIdField<ServiceGraphType, Service>("service", "Service", "service", (c, id) => c.LoadService(id));
    }

    /// <summary>Each requested category as the ids of its subtree; an unknown code is an error naming it.</summary>
    private static async Task<IReadOnlyList<IReadOnlyList<int>>?> CategoriesArgumentAsync(DirectoryDbContext db, FilterInput input, CancellationToken cancellationToken)
    {
        if (input.List<string>("categories") is not { Count: > 0 } codes)
        {
            return null;
        }

        var tree = await CategoryTree.LoadAsync(db, cancellationToken);
        return codes.Distinct(StringComparer.Ordinal)
            .Select(code => tree.Find(code) is { } category
                ? tree.SubtreeIds(category)
                : throw DirectoryError.BadInput("filter.categories", $"No category has code \"{code}\" (see the `categories` field for the taxonomy)."))
            .ToList();
    }

    private static int? AgeArgument(FilterInput input)
    {
        var age = input.Value<int>("age");
        if (age is < 0 or > MaxAge)
        {
            throw DirectoryError.BadInput("filter.age", $"'filter.age' must be an age in years between 0 and {MaxAge}; got {age}.");
        }

        return age;
    }

    private static bool WheelchairArgument(FilterInput input)
    {
        if (input.Bool("wheelchairAccessible") == false)
        {
            throw DirectoryError.BadInput(
                "filter.wheelchairAccessible", "'filter.wheelchairAccessible' filters for accessible services only: give true, or leave it out.");
        }

        return input.Bool("wheelchairAccessible") == true;
    }

    private static DateTime? OpenAtArgument(IResolveFieldContext context, FilterInput input)
    {
        var openNow = input.Bool("openNow");
        var openAt = input.Value<DateTime>("openAt");
        if (openNow == false)
        {
            throw DirectoryError.BadInput("filter.openNow", "'filter.openNow' filters for open services only: give true, or leave it out (use 'filter.openAt' for another moment).");
        }

        if (openNow == true && openAt is not null)
        {
            throw DirectoryError.BadInput("filter.openAt", "Give 'filter.openNow' or 'filter.openAt', not both.");
        }

        if (openAt is { } at)
        {
            var utc = at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime();
            return TimeZoneInfo.ConvertTimeFromUtc(utc, OpeningHours.Rome);
        }

        return openNow == true ? OpeningHours.LocalNow(context.RequestServices!.GetRequiredService<TimeProvider>()) : null;
    }
}
