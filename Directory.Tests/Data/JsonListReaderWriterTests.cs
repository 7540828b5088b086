using System.Linq.Expressions;
using Directory.Model.Associations;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Procedures;
using Directory.Model.Services;
using Directory.Tests.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Directory.Tests.Data;

/// <summary>
/// The list columns (primitive collections) read their JSON with one reader/writer instance per type, not one built for
/// every value read (EF Core 10's default), and write the same JSON as EF Core's default.
/// </summary>
public sealed class JsonListReaderWriterTests
{
    public static TheoryData<Type, string> ListColumns => new()
    {
        { typeof(Service), nameof(Service.Languages) },
        { typeof(Service), nameof(Service.TargetGroups) },
        { typeof(Phone), nameof(Phone.Languages) },
        { typeof(Procedure), nameof(Procedure.TargetGroups) },
        { typeof(Association), nameof(Association.Communities) },
        { typeof(Association), nameof(Association.Languages) },
        { typeof(Association), nameof(Association.ActivityKinds) },
    };

    [Theory]
    [MemberData(nameof(ListColumns))]
    public void Reading_a_list_column_builds_nothing(Type entity, string property)
    {
        using var db = SeedFilesTests.NewContext("Data Source=:memory:");
        var column = db.Model.FindEntityType(entity)!.FindProperty(property)!;
        var converter = column.GetTypeMapping().Converter;

        Assert.NotNull(converter);
        Assert.Empty(NewExpressions.In(converter.ConvertFromProviderExpression));
        Assert.Empty(NewExpressions.In(converter.ConvertToProviderExpression));
    }

    [Fact]
    public void The_written_json_is_ef_cores_own()
    {
        var strings = new List<string> { "it", "en", "zh-Hans", "città \"x\"" };
        var groups = new List<TargetGroup> { TargetGroup.Families, TargetGroup.Students };
        var kinds = Enum.GetValues<ActivityKind>().ToList();

        Assert.Equal(
            new JsonCollectionOfReferencesReaderWriter<List<string>, string>(JsonStringReaderWriter.Instance).ToJsonString(strings),
            StringListJsonReaderWriter.Instance.ToJsonString(strings));
        Assert.Equal(EfDefault<TargetGroup>().ToJsonString(groups), TargetGroupListJsonReaderWriter.Instance.ToJsonString(groups));
        Assert.Equal("[\"Families\",\"Students\"]", TargetGroupListJsonReaderWriter.Instance.ToJsonString(groups));
        Assert.Equal(EfDefault<ActivityKind>().ToJsonString(kinds), ActivityKindListJsonReaderWriter.Instance.ToJsonString(kinds));

        Assert.Equal(strings, (IEnumerable<string>)StringListJsonReaderWriter.Instance.FromJsonString(StringListJsonReaderWriter.Instance.ToJsonString(strings)));
        Assert.Equal(groups, (IEnumerable<TargetGroup>)TargetGroupListJsonReaderWriter.Instance.FromJsonString("[\"Families\",\"Students\"]"));
    }

    [Fact]
    public async Task Lists_round_trip_through_the_database()
    {
        var file = Path.Combine(Path.GetTempPath(), $"json-lists-{Guid.NewGuid():N}.db");
        var connection = $"Data Source={file};Pooling=False";
        try
        {
            int id;
            await using (var db = SeedFilesTests.NewContext(connection))
            {
                await db.Database.MigrateAsync();
                var association = new Association
                {
                    Name = "Lists",
                    Communities = ["Senegal", "Perù"],
                    Languages = ["wo", "es"],
                    ActivityKinds = [ActivityKind.LanguageCourses, ActivityKind.Culture],
                };
                db.Add(association);
                await db.SaveChangesAsync();
                id = association.Id;
            }

            await using (var db = SeedFilesTests.NewContext(connection))
            {
                var read = await db.Set<Association>().AsNoTracking().SingleAsync(a => a.Id == id);
                Assert.Equal(["Senegal", "Perù"], read.Communities);
                Assert.Equal(["wo", "es"], read.Languages);
                Assert.Equal([ActivityKind.LanguageCourses, ActivityKind.Culture], read.ActivityKinds);
                Assert.True(await db.Set<Association>().AnyAsync(a => a.ActivityKinds.Contains(ActivityKind.Culture) && a.Languages.Contains("wo")));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static JsonCollectionOfStructsReaderWriter<List<T>, T> EfDefault<T>()
        where T : struct, Enum =>
        new(new JsonConvertedValueReaderWriter<T, string>(JsonStringReaderWriter.Instance, new EnumToStringConverter<T>()));

    /// <summary>Finds <c>new</c> expressions (objects built each time the expression runs).</summary>
    private sealed class NewExpressions : ExpressionVisitor
    {
        private readonly List<NewExpression> _found = [];

        public static List<NewExpression> In(Expression expression)
        {
            var visitor = new NewExpressions();
            visitor.Visit(expression);
            return visitor._found;
        }

        protected override Expression VisitNew(NewExpression node)
        {
            _found.Add(node);
            return base.VisitNew(node);
        }
    }
}
