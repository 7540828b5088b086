using Directory.Api.GraphQL;
using Directory.Tests.Infrastructure;
using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter;
using Snapshooter.Xunit;

namespace Directory.Tests.Contract;

public sealed class SchemaSnapshotTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private string Sdl()
    {
        var schema = api.Services.GetRequiredService<DirectorySchema>();
        schema.Initialize();
        return schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true, StringComparison = StringComparison.Ordinal }).ReplaceLineEndings("\n");
    }

    /// <summary>
    /// schema.graphql at the repository root is the published contract; the snapshot Snapshooter reads
    /// (Contract/__snapshots__/schema.graphql) is a link to it. When the schema changes, this test fails and
    /// Snapshooter writes the new SDL to Contract/__snapshots__/__mismatch__/schema.graphql: review it and copy it
    /// over schema.graphql.
    /// </summary>
    [Fact]
    public void Schema_matches_the_committed_schema_file()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "Directory.Tests", "Contract");
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "schema.graphql")), "schema.graphql is missing at the repository root");
        Snapshot.Match(Sdl(), new SnapshotFullName("schema.graphql", folder));
    }

    [Fact]
    public void Every_type_field_argument_and_enum_value_has_a_description()
    {
        var schema = api.Services.GetRequiredService<DirectorySchema>();
        schema.Initialize();
        var missing = new List<string>();
        foreach (var type in schema.AllTypes.Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && t is not ScalarGraphType))
        {
            if (string.IsNullOrWhiteSpace(type.Description))
            {
                missing.Add(type.Name);
            }

            if (type is IComplexGraphType complex)
            {
                foreach (var field in complex.Fields)
                {
                    if (string.IsNullOrWhiteSpace(field.Description))
                    {
                        missing.Add($"{type.Name}.{field.Name}");
                    }

                    foreach (var argument in field.Arguments ?? [])
                    {
                        if (string.IsNullOrWhiteSpace(argument.Description))
                        {
                            missing.Add($"{type.Name}.{field.Name}({argument.Name})");
                        }
                    }
                }
            }

            if (type is EnumerationGraphType enumeration)
            {
                missing.AddRange(enumeration.Values.Where(v => string.IsNullOrWhiteSpace(v.Description)).Select(v => $"{type.Name}.{v.Name}"));
            }
        }

        Assert.Empty(missing);
    }
}
