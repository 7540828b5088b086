using Directory.Api.GraphQL;
using Directory.Model.Data;
using Directory.Model.Services;
using Directory.Tests.Geo;
using Directory.Tests.Infrastructure;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Data;

/// <summary>
/// Lists read only the columns their selected fields declare (<see cref="EntityProjection"/>): every field that declares
/// what it reads must answer exactly as with whole rows (EF Core, native reads off), alone and beside other fields.
/// </summary>
public sealed class EntityProjectionTests(GeoApiFactory geo) : IClassFixture<GeoApiFactory>
{
    private static object Variables => new { near = new { latitude = GeoApiFactory.CenterLatitude, longitude = GeoApiFactory.CenterLongitude, radiusKm = 40 } };

    [Theory]
    [InlineData("Service", "query($near: Near!) {{ services(near: $near, first: 20) {{ edges {{ distanceKm node {{ id {0} }} }} }} }}")]
    [InlineData("Service", "query($near: Near!) {{ services(search: \"geo test\", near: $near, rankBy: RELEVANCE, first: 10) {{ nodes {{ {0} }} }} }}")]
    [InlineData("Location", "query($near: Near!) {{ services(near: $near, first: 20) {{ nodes {{ id locations {{ {0} }} }} }} }}")]
    [InlineData("Location", "query($near: Near!) {{ locations(near: $near, first: 15) {{ edges {{ node {{ id {0} }} }} }} }}")]
    public async Task Every_field_that_declares_its_reads_answers_as_with_whole_rows(string typeName, string template)
    {
        using var wholeRows = new DirectoryApiFactory { SharedWith = geo.Api, NativeReads = false };
        var type = (IComplexGraphType)geo.Api.Services.GetRequiredService<GraphQL.Types.ISchema>().AllTypes[typeName]!;
        var declaring = type.Fields.Where(f => EntityProjection.DeclaredReads(f) is not null && !(f.Arguments?.Any(a => a.ResolvedType is NonNullGraphType) ?? false)).ToList();
        Assert.True(declaring.Count >= 10, $"{typeName} declares reads on {declaring.Count} fields only");

        foreach (var field in declaring)
        {
            var query = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Selection(field));
            var projected = (await geo.Query(query, Variables)).Ok().ToJsonString();

            Assert.True((await wholeRows.Query(query, Variables)).Ok().ToJsonString() == projected, $"{typeName}.{field.Name} answers differently when only the columns it declares are read: {projected}");
            Assert.Contains($"\"{field.Name}\"", projected, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_selection_with_a_field_that_declares_nothing_reads_whole_rows()
    {
        using var wholeRows = new DirectoryApiFactory { SharedWith = geo.Api, NativeReads = false };
        const string Query = """
            query($near: Near!) {
              services(near: $near, first: 20) {
                edges { node { id name ...More locations { name provenance { source } ... on Location { latitude comune { name } } } } }
              }
            }
            fragment More on Service { languages provenance { source externalId } targetGroups status }
            """;

        var projected = (await geo.Query(Query, Variables)).Ok().ToJsonString();

        Assert.Equal((await wholeRows.Query(Query, Variables)).Ok().ToJsonString(), projected);
        Assert.Contains("\"source\"", projected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_of_some_properties_sets_those_and_the_key_only()
    {
        await using var db = await geo.CreateDbContextAsync();
        var whole = EntityReader.For<Service>(db.Model);
        var some = whole.Only([nameof(Service.Name), nameof(Service.Languages)]);

        Assert.Equal(new[] { nameof(Service.Id), nameof(Service.Languages), nameof(Service.Name) }, some.Properties.Order(StringComparer.Ordinal));
        Assert.Same(some, whole.Only([nameof(Service.Languages), nameof(Service.Name)]));
        Assert.Same(whole, whole.Only(null));
        Assert.Throws<ArgumentException>(() => whole.Only(["NoSuchProperty"]));

        var ids = db.Services.OrderBy(s => s.Id).Select(s => s.Id).Take(5).ToList();
        var full = await NativeReads.ByIdsAsync<Service>(db, ids, s => s.Id, CancellationToken.None);
        var partial = await NativeReads.ByIdsAsync<Service>(db, ids, s => s.Id, CancellationToken.None, [nameof(Service.Name), nameof(Service.Languages)]);
        Assert.All(ids, id =>
        {
            Assert.Equal(full[id].Name, partial[id].Name);
            Assert.Equal(full[id].Languages, partial[id].Languages);
            Assert.Null(partial[id].Description);
            Assert.Equal(default, partial[id].CreatedAt);
        });
    }

    /// <summary>The field, with the smallest selection an object field allows.</summary>
    private static string Selection(FieldType field) =>
        field.ResolvedType!.GetNamedType() is IComplexGraphType complex
            ? $"{field.Name} {{ __typename{(complex.GetField("id") is not null ? " id" : "")} }}"
            : field.Name;
}
