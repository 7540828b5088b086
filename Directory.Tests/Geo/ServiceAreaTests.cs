namespace Directory.Tests.Geo;

/// <summary>
/// <c>servesComune</c> counts a service that has a desk in the comune or declares a service area covering it (the comune,
/// its province or its region), wherever its desks are; <c>region</c> filters by where the desks are.
/// </summary>
public sealed class ServiceAreaTests(GeoApiFactory geo) : IClassFixture<GeoApiFactory>
{
    private async Task<HashSet<int>> TestServicesAsync(string filter)
    {
        var data = (await geo.Query(
            $"query($org: ID) {{ services(first: 100, filter: {{ organization: $org, {filter} }}) {{ totalCount nodes {{ id }} }} }}",
            new { org = geo.OrganizationGlobalId })).Ok();
        var ids = data["services"]!["nodes"]!.AsArray().Select(n => GeoApiFactory.Key(n!["id"])).ToHashSet();
        Assert.Equal(ids.Count, data["services"]!["totalCount"]!.GetValue<int>());
        return ids;
    }

    [Fact]
    public async Task Serves_comune_counts_a_desk_there_and_areas_naming_the_comune_its_province_or_its_region()
    {
        var ids = await TestServicesAsync("""servesComune: "048017" """);

        var area = geo.AreaServices;
        Assert.Contains(area["desk in Firenze"], ids);
        Assert.Contains(area["area comune Firenze"], ids);
        Assert.Contains(area["area province Firenze"], ids);
        Assert.Contains(area["area region Toscana"], ids);
        Assert.DoesNotContain(area["desk in Scandicci, area province Pisa"], ids);
        Assert.DoesNotContain(area["area comune Prato"], ids);
        Assert.DoesNotContain(area["area region Lazio"], ids);
    }

    [Fact]
    public async Task Serves_comune_does_not_count_a_desk_in_another_comune_without_a_covering_area()
    {
        // The cloud's services all have desks in Siena and declare no areas: they serve Siena, not Firenze.
        var firenze = await TestServicesAsync("""servesComune: "048017" """);
        var siena = await TestServicesAsync("""servesComune: "052032" """);

        var area = geo.AreaServices;
        Assert.Equal(
            new HashSet<int> { area["desk in Firenze"], area["area comune Firenze"], area["area province Firenze"], area["area region Toscana"] },
            firenze);
        Assert.True(siena.Count > 50, "every service with a desk in Siena serves Siena");
        Assert.Contains(area["area region Toscana"], siena);
        Assert.Contains(area["area comune Prato"], siena); // its desk is in Siena
        Assert.DoesNotContain(area["desk in Scandicci, area province Pisa"], siena);
    }

    [Fact]
    public async Task Comune_filter_still_means_a_desk_in_the_comune()
    {
        var ids = await TestServicesAsync("""comune: "048017" """);

        Assert.Equal([geo.AreaServices["desk in Firenze"]], ids);
    }

    [Fact]
    public async Task Region_filter_keeps_services_with_a_desk_in_the_region()
    {
        var lazio = await TestServicesAsync("""region: "12" """);
        var toscana = await TestServicesAsync("""region: "09" """);

        Assert.Equal([geo.AreaServices["area region Lazio"]], lazio);
        Assert.DoesNotContain(geo.AreaServices["area region Lazio"], toscana);
        Assert.Contains(geo.AreaServices["desk in Firenze"], toscana);
        Assert.True(toscana.Count > 60);
    }
}
