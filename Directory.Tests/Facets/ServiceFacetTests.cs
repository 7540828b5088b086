using System.Text.Json.Nodes;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Directory.Tests.ApiTests;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Facets;

/// <summary>
/// Facets on <c>services</c>: every bucket equals the total of the same query with that value added to its filter, over
/// the whole filtered list (area included), localized, and counted only when asked for.
/// </summary>
public sealed class ServiceFacetTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string AllFacets = """
        facets {
          categories { code name parentCode count category { code } }
          provinces { istatCode name count }
          comuni { istatCode name count }
          languages { tag count }
          targetGroups { targetGroup count }
          free paid wheelchairAccessible
        }
        """;

    private async Task<JsonNode> FacetsAsync(string arguments) =>
        (await api.Query($"{{ services(first: 1{arguments}) {{ totalCount {AllFacets} }} }}")).Ok()["services"]!;

    private async Task<int> TotalAsync(string arguments) =>
        (await api.Query($"{{ services(first: 1{arguments}) {{ totalCount }} }}")).Ok()["services"]!["totalCount"]!.GetValue<int>();

    private static string Filter(params string[] parts) => "{ " + string.Join(", ", parts.Where(p => p.Length > 0)) + " }";

    /// <summary>
    /// Checks every bucket of every facet against the total of the query with that value added to its filter. With
    /// <paramref name="category"/>, the filter also requires that category, and a category bucket adds its code with
    /// <c>categoryMatch: ALL</c>.
    /// </summary>
    private async Task AssertBucketsMatchFilteredTotalsAsync(string filter, string extraArguments = "", string? category = null)
    {
        var categories = category is null ? "" : $"categories: [\"{category}\"], categoryMatch: ALL";
        var facets = await FacetsAsync($", filter: {Filter(filter, categories)}{extraArguments}");
        var total = facets["totalCount"]!.GetValue<int>();
        Assert.True(total > 0, "The query must find services for the test to mean anything.");

        async Task Check(string facet, string keyField, Func<string, string> criterion)
        {
            var buckets = facets["facets"]![facet]!.AsArray();
            Assert.NotEmpty(buckets);
            foreach (var bucket in buckets)
            {
                var key = bucket![keyField]!.ToString();
                var count = bucket["count"]!.GetValue<int>();
                var expected = await TotalAsync($", filter: {Filter(filter, criterion(key))}{extraArguments}");
                Assert.True(expected == count, $"{facet} {key}: the facet says {count}, the filter finds {expected}.");
                Assert.InRange(count, 1, total);
            }
        }

        await Check("categories", "code", code => category is null
            ? $"categories: [\"{code}\"]"
            : $"categories: [\"{category}\", \"{code}\"], categoryMatch: ALL");
        await Check("provinces", "istatCode", code => $"province: \"{code}\", {categories}".TrimEnd(',', ' '));
        await Check("comuni", "istatCode", code => $"comune: \"{code}\", {categories}".TrimEnd(',', ' '));
        await Check("languages", "tag", tag => $"languages: [\"{tag}\"], {categories}".TrimEnd(',', ' '));
        await Check("targetGroups", "targetGroup", group => $"targetGroups: [{group}], {categories}".TrimEnd(',', ' '));

        var counts = facets["facets"]!;
        Assert.Equal(await TotalAsync($", filter: {Filter(filter, categories, "isFree: true")}{extraArguments}"), counts["free"]!.GetValue<int>());
        Assert.Equal(await TotalAsync($", filter: {Filter(filter, categories, "isFree: false")}{extraArguments}"), counts["paid"]!.GetValue<int>());
        Assert.Equal(await TotalAsync($", filter: {Filter(filter, categories, "wheelchairAccessible: true")}{extraArguments}"), counts["wheelchairAccessible"]!.GetValue<int>());
    }

    [Fact]
    public async Task Every_bucket_equals_the_total_of_the_list_filtered_by_it()
    {
        await AssertBucketsMatchFilteredTotalsAsync("");
    }

    [Fact]
    public async Task Buckets_follow_the_current_filter()
    {
        var unfiltered = await FacetsAsync("");
        var filtered = await FacetsAsync(", filter: { languages: [\"en\"] }");

        Assert.True(filtered["totalCount"]!.GetValue<int>() < unfiltered["totalCount"]!.GetValue<int>());
        var english = filtered["facets"]!["languages"]!.AsArray().Single(b => b!.Text("tag") == "en")!;
        Assert.Equal(filtered["totalCount"]!.GetValue<int>(), english["count"]!.GetValue<int>());
        Assert.True(filtered["facets"]!["languages"]!.AsArray().Count < unfiltered["facets"]!["languages"]!.AsArray().Count
            || filtered["facets"]!["languages"]!.AsArray().Any(b => b!["count"]!.GetValue<int>() < unfiltered["facets"]!["languages"]!.AsArray().Single(u => u.Text("tag") == b.Text("tag"))!["count"]!.GetValue<int>()));

        var adults = await FacetsAsync(", filter: { age: 30 }");
        Assert.True(adults["totalCount"]!.GetValue<int>() < unfiltered["totalCount"]!.GetValue<int>());
        await AssertBucketsMatchFilteredTotalsAsync("age: 30");
    }

    [Fact]
    public async Task Buckets_follow_a_category_filter_when_categories_must_all_match()
    {
        await AssertBucketsMatchFilteredTotalsAsync("", category: "education");
    }

    [Fact]
    public async Task A_parent_category_counts_the_services_of_its_descendants_once_each()
    {
        var data = (await api.Query("{ services(first: 100) { totalCount nodes { id categories { code parent { code } } } facets { categories { code parentCode count } } } }")).Ok()["services"]!;
        Assert.True(data["totalCount"]!.GetValue<int>() <= 100);
        var services = data["nodes"]!.AsArray();
        var buckets = data["facets"]!["categories"]!.AsArray();
        var parents = buckets.Where(b => b!["parentCode"] is null).ToList();
        Assert.NotEmpty(parents);
        Assert.Contains(buckets, b => b!["parentCode"] is not null);

        foreach (var parent in parents)
        {
            var code = parent!.Text("code");
            var expected = services.Count(s => s!["categories"]!.AsArray().Any(c => c.Text("code") == code || c!["parent"]?["code"]?.GetValue<string>() == code));
            Assert.Equal(expected, parent!["count"]!.GetValue<int>());
            var children = buckets.Where(b => b!["parentCode"]?.GetValue<string>() == code).Sum(b => b!["count"]!.GetValue<int>());
            Assert.True(parent["count"]!.GetValue<int>() <= children + services.Count(s => s!["categories"]!.AsArray().Any(c => c.Text("code") == code)));
        }
    }

    [Fact]
    public async Task Buckets_are_sorted_by_count_then_code_and_first_keeps_the_largest()
    {
        var data = (await api.Query("{ services { facets { comuni { istatCode count } top: comuni(first: 2) { istatCode count } categories { code count } } } }")).Ok()["services"]!["facets"]!;
        foreach (var facet in new[] { "comuni", "categories" })
        {
            var key = facet == "comuni" ? "istatCode" : "code";
            var buckets = data[facet]!.AsArray().Select(b => (Key: b.Text(key), Count: b!["count"]!.GetValue<int>())).ToList();
            var sorted = buckets.OrderByDescending(b => b.Count).ThenBy(b => b.Key, StringComparer.Ordinal).ToList();
            Assert.Equal(sorted, buckets);
        }

        var all = data["comuni"]!.AsArray();
        Assert.True(all.Count > 2);
        Assert.Equal(all.Take(2).Select(b => b.Text("istatCode")), data["top"]!.AsArray().Texts("istatCode"));
    }

    [Fact]
    public async Task Categories_with_parent_count_only_its_children()
    {
        var data = (await api.Query("""{ services { facets { all: categories { code parentCode count } education: categories(parent: "education") { code parentCode count } } } }""")).Ok()["services"]!["facets"]!;

        var expected = data["all"]!.AsArray().Where(b => b!["parentCode"]?.GetValue<string>() == "education").Select(b => b!.ToJsonString()).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, data["education"]!.AsArray().Select(b => b!.ToJsonString()).ToList());
    }

    [Fact]
    public async Task Facets_near_a_point_count_only_the_services_in_the_radius()
    {
        const string Near = ", near: { comune: \"048017\", radiusKm: 15 }";
        var near = await FacetsAsync(Near);
        var everywhere = await FacetsAsync("");
        var total = near["totalCount"]!.GetValue<int>();

        Assert.InRange(total, 1, everywhere["totalCount"]!.GetValue<int>() - 1);
        Assert.Equal(total, near["facets"]!["free"]!.GetValue<int>() + near["facets"]!["paid"]!.GetValue<int>());
        Assert.All(near["facets"]!["comuni"]!.AsArray(), b => Assert.InRange(b!["count"]!.GetValue<int>(), 1, total));
        await AssertBucketsMatchFilteredTotalsAsync("", Near);
    }

    [Fact]
    public async Task Facets_within_a_box_count_only_the_services_inside()
    {
        // Roughly the province of Firenze.
        const string Within = ", within: { boundingBox: { south: 43.4, west: 10.7, north: 44.2, east: 11.8 } }";
        var inside = await FacetsAsync(Within);
        Assert.Equal(inside["totalCount"]!.GetValue<int>(), inside["facets"]!["free"]!.GetValue<int>() + inside["facets"]!["paid"]!.GetValue<int>());
        await AssertBucketsMatchFilteredTotalsAsync("", Within);
    }

    [Fact]
    public async Task Facet_names_are_localized()
    {
        var data = (await api.Query("""{ it: services { facets { categories { code name } } } en: services(lang: "en") { facets { categories { code name } } } }""")).Ok();

        var italian = data["it"]!["facets"]!["categories"]!.AsArray().Single(b => b.Text("code") == "information")!;
        var english = data["en"]!["facets"]!["categories"]!.AsArray().Single(b => b.Text("code") == "information")!;
        Assert.Equal("Informazione e orientamento", italian.Text("name"));
        Assert.Equal("Information and guidance", english.Text("name"));
    }

    [Fact]
    public async Task Place_buckets_carry_official_names()
    {
        var data = (await api.Query("""{ services { facets { provinces { istatCode name } comuni { istatCode name } } } }""")).Ok()["services"]!["facets"]!;

        Assert.Contains(data["provinces"]!.AsArray(), b => b.Text("istatCode") == "048" && b.Text("name") == "Firenze");
        Assert.Contains(data["comuni"]!.AsArray(), b => b.Text("istatCode") == "048017" && b.Text("name") == "Firenze");
    }

    [Fact]
    public async Task Bad_facet_arguments_are_bad_user_input()
    {
        (await api.Query("{ services { facets { comuni(first: 0) { istatCode } } } }")).Error("BAD_USER_INPUT", "first");
        (await api.Query("""{ services { facets { categories(parent: "no.such.code") { code } } } }""")).Error("BAD_USER_INPUT", "parent");
    }
}

/// <summary>Facets leave out what lists leave out, on a database of their own (the tests add records).</summary>
public sealed class ServiceFacetExclusionTests
{
    private static readonly string[] AllStatuses = ["ACTIVE", "TEMPORARILY_CLOSED", "INACTIVE"];

    [Fact]
    public async Task Withdrawn_and_inactive_services_are_not_counted_unless_the_filter_asks_for_them()
    {
        const string Query = """
            query($filter: ServiceFilter) {
              services(filter: $filter) { totalCount facets { comuni { istatCode count } languages { tag count } categories { code count } free } }
            }
            """;
        await using var api = new DirectoryApiFactory();
        var before = (await api.Query(Query, new { filter = new { } })).Ok()["services"]!;
        await SeedAsync(api);

        var after = (await api.Query(Query, new { filter = new { } })).Ok()["services"]!;
        Assert.Equal(before.ToJsonString(), after.ToJsonString());

        var all = (await api.Query(Query, new { filter = new { includeWithdrawn = true, status = AllStatuses } })).Ok()["services"]!;
        Assert.Equal(before["totalCount"]!.GetValue<int>() + 2, all["totalCount"]!.GetValue<int>());
        Assert.Equal(2, Count(all, "languages", "tag", "xx"));
        Assert.Equal(Count(before, "comuni", "istatCode", "048017") + 2, Count(all, "comuni", "istatCode", "048017"));
        Assert.Equal(Count(before, "categories", "code", "information") + 2, Count(all, "categories", "code", "information"));
        Assert.Equal(before["facets"]!["free"]!.GetValue<int>() + 2, all["facets"]!["free"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_withdrawn_accessible_location_does_not_make_a_service_wheelchair_accessible()
    {
        const string Query = """
            query($org: ID!) {
              all: services(filter: { organization: $org }) { totalCount facets { wheelchairAccessible } }
              accessible: services(filter: { organization: $org, wheelchairAccessible: true }) { nodes { name } }
            }
            """;
        await using var api = new DirectoryApiFactory();
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var organization = new Organization { Name = "Wheelchair test organization", Kind = OrganizationKind.Other, Source = "test" };
        var withdrawnRamp = new Location { Name = "Old desk with a ramp", ComuneIstatCode = "048017", WheelchairAccessible = true, WithdrawnAt = DateTime.UtcNow, Source = "test" };
        var ramp = new Location { Name = "New desk with a ramp", ComuneIstatCode = "048017", WheelchairAccessible = true, Source = "test" };
        var stairs = new Location { Name = "Desk up the stairs", ComuneIstatCode = "048017", WheelchairAccessible = false, Source = "test" };
        db.Services.AddRange(
            new Service { Name = "Moved away from its ramp", Organization = organization, Source = "test", ServiceAtLocations = [new() { Location = withdrawnRamp }, new() { Location = stairs }] },
            new Service { Name = "Has a ramp", Organization = organization, Source = "test", ServiceAtLocations = [new() { Location = ramp }, new() { Location = stairs }] },
            new Service { Name = "Unknown access", Organization = organization, Source = "test" });
        await db.SaveChangesAsync();
        var org = global::Directory.Api.GraphQL.Relay.GlobalId.Encode("Organization", organization.Id);

        var data = (await api.Query(Query, new { org })).Ok();

        Assert.Equal(3, data["all"]!["totalCount"]!.GetValue<int>());
        Assert.Equal(1, data["all"]!["facets"]!["wheelchairAccessible"]!.GetValue<int>());
        Assert.Equal(["Has a ramp"], data["accessible"]!["nodes"]!.AsArray().Texts("name"));
    }

    private static int Count(JsonNode services, string facet, string keyField, string key) =>
        services["facets"]![facet]!.AsArray().SingleOrDefault(b => b.Text(keyField) == key)?["count"]!.GetValue<int>() ?? 0;

    private static async Task SeedAsync(DirectoryApiFactory api)
    {
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var category = await db.Categories.SingleAsync(c => c.Code == "information.migrant-desk");
        var organization = new Organization { Name = "Exclusion test organization", Kind = OrganizationKind.Other, Source = "test" };
        var desk = new Location { Name = "Exclusion test desk", ComuneIstatCode = "048017", Source = "test" };
        Service Make(string name) => new()
        {
            Name = name,
            Organization = organization,
            Source = "test",
            IsFree = true,
            Languages = ["xx"],
            Categories = [new ServiceCategory { CategoryId = category.Id }],
            ServiceAtLocations = [new ServiceAtLocation { Location = desk }],
        };
        var withdrawn = Make("Withdrawn test service");
        withdrawn.WithdrawnAt = DateTime.UtcNow;
        var inactive = Make("Inactive test service");
        inactive.Status = ServiceStatus.Inactive;
        db.Services.AddRange(withdrawn, inactive);
        await db.SaveChangesAsync();
    }
}
