using System.Text.Json.Nodes;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Geo;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Geo;

/// <summary>
/// A crowded town: far more places around one centre than <see cref="SqliteGeoSearch.CrowdedPoints"/>, so a near-me
/// page without <c>totalCount</c> takes the progressive search (small disc first, widened when short). One service in
/// twenty-five has a rare category, so a filtered search must widen. Tests compare with brute force.
/// </summary>
public sealed class CrowdedGeoFactory : IAsyncLifetime
{
    public const double CenterLatitude = 43.7793;
    public const double CenterLongitude = 11.2463;

    public DirectoryApiFactory Api { get; } = new();

    public int OrganizationId { get; private set; }

    public string RareCategory { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await using var db = await CreateDbContextAsync();
        var random = new Random(4242);
        var organization = new Organization { Name = "Crowded test organization", Kind = OrganizationKind.Other, Source = "crowd-test" };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync();
        OrganizationId = organization.Id;
        var categories = await db.Categories.Where(c => c.ParentId != null).OrderBy(c => c.Code).Take(2).ToListAsync();
        RareCategory = categories[1].Code;

        // A dense core (about 1.5 km), a suburb ring (up to 8 km) and a thin countryside (up to 40 km).
        var places = Enumerable.Range(0, 1500).Select(i =>
        {
            var reachKm = i < 1000 ? 1.5 : i < 1350 ? 8 : 40;
            var distance = reachKm * Math.Sqrt(random.NextDouble());
            var bearing = random.NextDouble() * 2 * Math.PI;
            return new Location
            {
                Name = $"Crowd place {i:D4}",
                ComuneIstatCode = "048017",
                OrganizationId = OrganizationId,
                Latitude = CenterLatitude + (distance * Math.Cos(bearing) / 111.2),
                Longitude = CenterLongitude + (distance * Math.Sin(bearing) / (111.2 * Math.Cos(CenterLatitude * Math.PI / 180))),
                CoordinateQuality = CoordinateQuality.Exact,
                Source = "crowd-test",
            };
        }).ToList();
        db.Locations.AddRange(places);
        for (var i = 0; i < 1200; i++)
        {
            var service = new Service { Name = $"Crowd service {i:D4}", OrganizationId = OrganizationId, Source = "crowd-test" };
            service.Categories.Add(new ServiceCategory { CategoryId = categories[i % 25 == 0 ? 1 : 0].Id });
            foreach (var place in places.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
            {
                service.ServiceAtLocations.Add(new ServiceAtLocation { Location = place });
            }

            db.Services.Add(service);
        }

        await db.SaveChangesAsync();
    }

    public async Task<DirectoryDbContext> CreateDbContextAsync() =>
        await Api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();

    /// <summary>(service id, latitude, longitude) of every placed service of the test organization, optionally of a category.</summary>
    public async Task<List<(int Id, double Latitude, double Longitude)>> PointsAsync(string? category = null)
    {
        await using var db = await CreateDbContextAsync();
        var rows = await db.ServiceAtLocations
            .Where(x => x.Service!.OrganizationId == OrganizationId && x.Location!.Latitude != null)
            .Where(x => category == null || x.Service!.Categories.Any(c => c.Category!.Code == category))
            .Select(x => new { x.ServiceId, x.Location!.Latitude, x.Location.Longitude })
            .ToListAsync();
        return rows.Select(r => (r.ServiceId, r.Latitude!.Value, r.Longitude!.Value)).ToList();
    }

    public Task DisposeAsync()
    {
        Api.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// The progressive near search (only the top of the ranking, for pages without <c>totalCount</c>) gives exactly the
/// brute-force ranking: every page, every page size, with and without a filter that thins the crowd.
/// </summary>
public sealed class ProgressiveNearSearchTests(CrowdedGeoFactory crowd) : IClassFixture<CrowdedGeoFactory>
{
    private async Task<JsonNode> PageAsync(object near, int first, string? after = null, string? category = null, bool withTotal = false)
    {
        var total = withTotal ? "totalCount" : "";
        var data = (await crowd.Api.Query(
            $$"""
            query($near: Near!, $org: ID, $first: Int, $after: String, $categories: [String!]) {
              services(near: $near, filter: { organization: $org, categories: $categories }, first: $first, after: $after) {
                {{total}} pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor distanceKm node { id } }
              }
            }
            """,
            new { near, org = GeoApiFactory.GlobalId("Organization", crowd.OrganizationId), first, after, categories = category is null ? null : new[] { category } })).Ok();
        return data["services"]!;
    }

    [Fact]
    public async Task The_test_area_is_crowded_enough_to_take_the_progressive_path()
    {
        await using var db = await crowd.CreateDbContextAsync();
        var box = GeoMath.BoxAround(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10);
        var inBox = await db.Locations.CountAsync(l => l.Latitude >= box.South && l.Latitude <= box.North && l.Longitude >= box.West && l.Longitude <= box.East);
        Assert.True(inBox > SqliteGeoSearch.CrowdedPoints * 2, $"only {inBox} places in the 10 km box");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(100)]
    public async Task A_first_page_in_a_crowded_area_is_the_start_of_the_brute_force_ranking(int first)
    {
        var expected = BruteForce.Near(await crowd.PointsAsync(), CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10);
        Assert.True(expected.Count > first + 100);

        var page = await PageAsync(new { latitude = CrowdedGeoFactory.CenterLatitude, longitude = CrowdedGeoFactory.CenterLongitude, radiusKm = 10 }, first);

        BruteForce.SameRanking(expected.Take(first).ToList(), BruteForce.Edges(page));
        Assert.True(page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 3, 40)]
    [InlineData(43.7893, 11.2663, 5, 100)]
    [InlineData(43.70, 11.30, 20, 35)]
    public async Task Paging_forward_without_totalCount_covers_the_ranking_without_gaps_or_duplicates(double lat, double lon, double radiusKm, int first)
    {
        var expected = BruteForce.Near(await crowd.PointsAsync(), lat, lon, radiusKm);
        Assert.True(expected.Count > 2 * first, "the search should span several pages");

        var pages = new List<(int Id, double? DistanceKm)>();
        string? after = null;
        var hasNext = true;
        var requests = 0;
        while (hasNext)
        {
            var page = await PageAsync(new { latitude = lat, longitude = lon, radiusKm }, first, after);
            Assert.Equal(after is not null, page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>());
            pages.AddRange(BruteForce.Edges(page));
            hasNext = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>();
            after = page["pageInfo"]!["endCursor"]?.GetValue<string>();
            Assert.True(++requests <= 60, "paging did not end");
        }

        Assert.Equal(pages.Count, pages.Select(p => p.Id).Distinct().Count());
        BruteForce.SameRanking(expected, pages);
    }

    [Fact]
    public async Task A_filter_that_thins_the_crowd_widens_the_search_until_the_page_is_exact()
    {
        var expected = BruteForce.Near(await crowd.PointsAsync(crowd.RareCategory), CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 30);
        Assert.True(expected.Count > 30);

        var page = await PageAsync(new { latitude = CrowdedGeoFactory.CenterLatitude, longitude = CrowdedGeoFactory.CenterLongitude, radiusKm = 30 }, 30, category: crowd.RareCategory);

        BruteForce.SameRanking(expected.Take(30).ToList(), BruteForce.Edges(page));
    }

    [Fact]
    public async Task With_totalCount_the_page_and_the_count_cover_the_whole_radius()
    {
        var expected = BruteForce.Near(await crowd.PointsAsync(), CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10);

        var page = await PageAsync(new { latitude = CrowdedGeoFactory.CenterLatitude, longitude = CrowdedGeoFactory.CenterLongitude, radiusKm = 10 }, 20, withTotal: true);

        Assert.Equal(expected.Count, page["totalCount"]!.GetValue<int>());
        BruteForce.SameRanking(expected.Take(20).ToList(), BruteForce.Edges(page));
    }

    [Theory]
    [InlineData(10, 20, null)]
    [InlineData(30, 7, "rare")]
    [InlineData(2, 50, null)]
    public async Task A_total_counted_by_the_database_equals_the_brute_force_count_on_every_page(double radiusKm, int first, string? rare)
    {
        var category = rare is null ? null : crowd.RareCategory;
        var expected = BruteForce.Near(await crowd.PointsAsync(category), CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, radiusKm);
        Assert.True(expected.Count > 2 * first, "the total should span several pages");

        var near = new { latitude = CrowdedGeoFactory.CenterLatitude, longitude = CrowdedGeoFactory.CenterLongitude, radiusKm };
        var firstPage = await PageAsync(near, first, category: category, withTotal: true);
        var secondPage = await PageAsync(near, first, firstPage["pageInfo"]!["endCursor"]!.GetValue<string>(), category, withTotal: true);

        Assert.Equal(expected.Count, firstPage["totalCount"]!.GetValue<int>());
        Assert.Equal(expected.Count, secondPage["totalCount"]!.GetValue<int>());
        BruteForce.SameRanking(expected.Take(2 * first).ToList(), [.. BruteForce.Edges(firstPage), .. BruteForce.Edges(secondPage)]);
        Assert.True(secondPage["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_total_with_near_and_a_box_counts_only_what_both_hold()
    {
        var (south, west, north, east) = (43.77, 11.23, 43.80, 11.26);
        var inBox = (await crowd.PointsAsync()).Where(p => p.Latitude >= south && p.Latitude <= north && p.Longitude >= west && p.Longitude <= east);
        var expected = BruteForce.Near(inBox, CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10);
        Assert.True(expected.Count > 40);

        var data = (await crowd.Api.Query(
            """
            query($near: Near!, $within: Within!, $org: ID) {
              services(near: $near, within: $within, filter: { organization: $org }, first: 20) { totalCount edges { distanceKm node { id } } }
            }
            """,
            new
            {
                near = new { latitude = CrowdedGeoFactory.CenterLatitude, longitude = CrowdedGeoFactory.CenterLongitude, radiusKm = 10 },
                within = new { boundingBox = new { south, west, north, east } },
                org = GeoApiFactory.GlobalId("Organization", crowd.OrganizationId),
            })).Ok();

        Assert.Equal(expected.Count, data["services"]!["totalCount"]!.GetValue<int>());
        BruteForce.SameRanking(expected.Take(20).ToList(), BruteForce.Edges(data["services"]!));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_text_search_near_a_crowded_centre_pages_and_counts_like_brute_force(bool withTotal)
    {
        // "00" starts the number of one service in twelve ("Crowd service 0000" to "0099"): a selective text filter.
        await using var db = await crowd.CreateDbContextAsync();
        var found = (await db.Services.Where(s => s.OrganizationId == crowd.OrganizationId && s.Name.StartsWith("Crowd service 00")).Select(s => s.Id).ToListAsync()).ToHashSet();
        var expected = BruteForce.Near((await crowd.PointsAsync()).Where(p => found.Contains(p.Id)), CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10);
        Assert.True(expected.Count > 40);

        var total = withTotal ? "totalCount" : "";
        var data = (await crowd.Api.Query(
            $$"""
            query($near: Near!, $org: ID, $after: String) {
              services(search: "crowd 00", near: $near, filter: { organization: $org }, first: 15, after: $after) {
                {{total}} pageInfo { endCursor hasNextPage } edges { distanceKm node { id } }
              }
            }
            """,
            new { near = new { latitude = CrowdedGeoFactory.CenterLatitude, longitude = CrowdedGeoFactory.CenterLongitude, radiusKm = 10 }, org = GeoApiFactory.GlobalId("Organization", crowd.OrganizationId), after = (string?)null })).Ok();

        var page = data["services"]!;
        BruteForce.SameRanking(expected.Take(15).ToList(), BruteForce.Edges(page));
        Assert.True(page["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        if (withTotal)
        {
            Assert.Equal(expected.Count, page["totalCount"]!.GetValue<int>());
        }
    }

    [Theory]
    [InlineData(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10, 1)]
    [InlineData(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10, 21)]
    [InlineData(43.7893, 11.2663, 10, 101)]
    [InlineData(43.7793, 11.2463, 10, 900)]
    [InlineData(43.60, 11.10, 40, 21)]
    public async Task A_limited_search_returns_exactly_the_start_of_the_full_ranking(double lat, double lon, double radiusKm, int limit)
    {
        await using var db = await crowd.CreateDbContextAsync();
        var search = new SqliteGeoSearch();
        var services = db.Services.Where(s => s.OrganizationId == crowd.OrganizationId);

        var full = await search.ServicesAsync(db, services, new GeoCriteria(lat, lon, radiusKm), CancellationToken.None);
        var limited = await search.ServicesAsync(db, services, new GeoCriteria(lat, lon, radiusKm) { Limit = limit }, CancellationToken.None);

        Assert.Equal(full.Take(limit).ToList(), limited.ToList());
    }

    [Theory]
    [InlineData(0, 21, false)]
    [InlineData(5, 21, false)]
    [InlineData(40, 7, false)]
    [InlineData(SqliteGeoSearch.DefaultMaxCandidatesVerified, 30, false)]
    [InlineData(0, 21, true)]
    [InlineData(40, 7, true)]
    [InlineData(SqliteGeoSearch.DefaultMaxCandidatesVerified, 30, true)]
    public async Task A_filter_that_leaves_out_most_candidates_ranks_like_brute_force_whether_asked_or_joined(int maxCandidatesVerified, int limit, bool listedOnly)
    {
        // The rare category keeps one service in 25: most nearest candidates fail the filter, so the search asks about
        // several batches and widens; with a small verification limit it falls back to joining the filter in SQL.
        await using var db = await crowd.CreateDbContextAsync();
        var search = new SqliteGeoSearch(maxCandidatesVerified);
        var services = db.Services.Where(s => s.OrganizationId == crowd.OrganizationId && s.Categories.Any(c => c.Category!.Code == crowd.RareCategory));
        if (listedOnly)
        {
            // The same filter as a listing applies it (crowd services are all listed): candidates then come from the
            // index of listed services' points, and the filter is asked about them.
            services = new ServiceFilter().Apply(services);
        }

        var expected = BruteForce.Near(await crowd.PointsAsync(crowd.RareCategory), CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 30);
        Assert.True(expected.Count > limit);

        var limited = await search.ServicesAsync(
            db, services, new GeoCriteria(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 30) { Limit = limit, ListedOnly = listedOnly }, CancellationToken.None);

        Assert.True(limited.Count >= limit);
        BruteForce.SameRanking(expected.Take(limit).ToList(), limited.Take(limit).Select(m => (m.Id, m.DistanceKm)).ToList());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(300)]
    [InlineData(null)] // no limit: every point in the box, read from the listed services' index
    public async Task Default_visibility_applied_in_the_spatial_statement_ranks_like_the_filter(int? limit)
    {
        // Withdrawn, inactive and temporarily closed services among the crowd: the plain listing keeps only the last.
        await using (var setup = await crowd.CreateDbContextAsync())
        {
            if (!await setup.Services.AnyAsync(s => s.Source == "visibility-test"))
            {
                // Their own organization: the other tests compare the crowd organization's services with brute force.
                var organization = new Organization { Name = "Visibility test organization", Kind = OrganizationKind.Other, Source = "visibility-test" };
                setup.Organizations.Add(organization);
                await setup.SaveChangesAsync();
                var places = await setup.Locations.Where(l => l.Source == "crowd-test").OrderBy(l => l.Id).Take(60).ToListAsync();
                for (var i = 0; i < places.Count; i++)
                {
                    var service = new Service
                    {
                        Name = $"Visibility service {i:D2}",
                        OrganizationId = organization.Id,
                        Source = "visibility-test",
                        Status = (i % 3) switch { 0 => ServiceStatus.Inactive, 1 => ServiceStatus.TemporarilyClosed, _ => ServiceStatus.Active },
                        WithdrawnAt = i % 4 == 0 ? DateTime.UtcNow : null,
                    };
                    service.ServiceAtLocations.Add(new ServiceAtLocation { LocationId = places[i].Id });
                    setup.Services.Add(service);
                }

                await setup.SaveChangesAsync();
            }
        }

        await using var db = await crowd.CreateDbContextAsync();
        var search = new SqliteGeoSearch();
        var filter = new ServiceFilter();
        Assert.True(filter.IsDefault);
        Assert.False((filter with { IncludeWithdrawn = true }).IsDefault);

        var asked = await search.ServicesAsync(db, filter.Apply(db.Services), new GeoCriteria(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10) { Limit = limit }, CancellationToken.None);
        var inStatement = await search.ServicesAsync(
            db, filter.Apply(db.Services), new GeoCriteria(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10) { Limit = limit, DefaultVisibilityOnly = true }, CancellationToken.None);
        // Totals: counted with the filter in SQL, and from the listed services' index.
        var countAsked = new GeoCriteria(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10) { Limit = limit, CountAll = true };
        var countInStatement = new GeoCriteria(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10) { Limit = limit, CountAll = true, DefaultVisibilityOnly = true };
        await search.ServicesAsync(db, filter.Apply(db.Services), countAsked, CancellationToken.None);
        await search.ServicesAsync(db, filter.Apply(db.Services), countInStatement, CancellationToken.None);
        Assert.Equal(countAsked.Count, countInStatement.Count);
        if (limit is not null)
        {
            Assert.True(countInStatement.Count > 0);
        }
        // Candidates from the index of listed services' points, each asked about (here: all pass).
        var listedAsked = await search.ServicesAsync(
            db, filter.Apply(db.Services), new GeoCriteria(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10) { Limit = limit, ListedOnly = true }, CancellationToken.None);
        // A filter that hides temporarily closed services too (still listed-only): asked about the same candidates.
        var activeOnly = filter with { Statuses = [ServiceStatus.Active] };
        Assert.True(activeOnly.ListedOnly);
        Assert.False((filter with { Statuses = [ServiceStatus.Active, ServiceStatus.Inactive] }).ListedOnly);
        var activeAsked = await search.ServicesAsync(
            db, activeOnly.Apply(db.Services), new GeoCriteria(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10) { Limit = limit }, CancellationToken.None);
        var activeListed = await search.ServicesAsync(
            db, activeOnly.Apply(db.Services), new GeoCriteria(CrowdedGeoFactory.CenterLatitude, CrowdedGeoFactory.CenterLongitude, 10) { Limit = limit, ListedOnly = true }, CancellationToken.None);
        var test = await db.Services.Where(s => s.Source == "visibility-test").Select(s => new { s.Id, Hidden = s.WithdrawnAt != null || s.Status == ServiceStatus.Inactive }).ToListAsync();

        Assert.Equal(asked.Take(limit ?? int.MaxValue).ToList(), inStatement.Take(limit ?? int.MaxValue).ToList());
        Assert.Equal(asked.Take(limit ?? int.MaxValue).ToList(), listedAsked.Take(limit ?? int.MaxValue).ToList());
        Assert.Equal(activeAsked.Take(limit ?? int.MaxValue).ToList(), activeListed.Take(limit ?? int.MaxValue).ToList());
        Assert.DoesNotContain(inStatement, m => test.Any(t => t.Id == m.Id && t.Hidden));
        if (limit is null)
        {
            // A map viewport (no centre) around the crowd: the same records by either way.
            var viewport = new GeoBox(CrowdedGeoFactory.CenterLatitude - 0.05, CrowdedGeoFactory.CenterLongitude - 0.05, CrowdedGeoFactory.CenterLatitude + 0.05, CrowdedGeoFactory.CenterLongitude + 0.05);
            var boxAsked = await search.ServicesAsync(db, filter.Apply(db.Services), new GeoCriteria(box: viewport), CancellationToken.None);
            var boxInStatement = await search.ServicesAsync(db, filter.Apply(db.Services), new GeoCriteria(box: viewport) { DefaultVisibilityOnly = true }, CancellationToken.None);
            Assert.NotEmpty(boxAsked);
            Assert.Equal(boxAsked, boxInStatement);
            Assert.DoesNotContain(boxInStatement, m => test.Any(t => t.Id == m.Id && t.Hidden));
        }

        if (limit is null or >= 300)
        {
            // The whole crowd is within reach: the visible test services are found too (closed ones included).
            Assert.Contains(inStatement, m => test.Any(t => t.Id == m.Id && !t.Hidden));
        }
    }
}

