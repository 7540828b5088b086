using Directory.Tests.Infrastructure;
using GraphQL.Types;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Performance;

/// <summary>
/// Cached documents remember which requests passed the complexity limits by what GraphQL.NET's default field impact
/// reads (<c>ArgumentSites.ComplexitySignature</c>). That holds only while no field of the schema has an impact of its
/// own that could read something else: a field given one must be added to the signature.
/// </summary>
public sealed class ComplexityTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    [Fact]
    public void No_field_outside_introspection_has_its_own_complexity_impact()
    {
        var schema = api.Services.GetRequiredService<ISchema>();
        var own = schema.AllTypes
            .Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal))
            .OfType<IComplexGraphType>()
            .SelectMany(t => t.Fields.Where(f => f.GetComplexityImpactDelegate() is not null).Select(f => $"{t.Name}.{f.Name}"))
            .ToList();

        Assert.Empty(own);
        Assert.NotNull(schema.SchemaMetaFieldType.GetComplexityImpactDelegate());
    }
}
