using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Storage.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Directory.Model.Data;

/// <summary>
/// JSON reader/writer of a <c>List&lt;string&gt;</c> column (a primitive collection), one instance for the whole process.
/// </summary>
/// <remarks>
/// EF Core 10 compiles a primitive collection's value converter as <c>new ReaderWriter(...).FromJsonString(value)</c>: the
/// reader/writer (and, for enums, its element converter) is built again, with reflection, for every value read, which
/// made each materialized service cost about 20 µs. A reader/writer whose <see cref="ConstructorExpression"/> is a static
/// property is built once; the JSON it reads and writes is the same as EF Core's own.
/// </remarks>
public sealed class StringListJsonReaderWriter : JsonCollectionOfReferencesReaderWriter<List<string>, string>
{
    private static readonly PropertyInfo InstanceProperty = typeof(StringListJsonReaderWriter).GetProperty(nameof(Instance))!;

    private StringListJsonReaderWriter()
        : base(JsonStringReaderWriter.Instance)
    {
    }

    /// <summary>The one instance.</summary>
    public static StringListJsonReaderWriter Instance { get; } = new();

    /// <inheritdoc />
    public override Expression ConstructorExpression => Expression.Property(null, InstanceProperty);
}

/// <summary>
/// JSON reader/writer of a <c>List&lt;TEnum&gt;</c> column stored as enum names; each enum has one sealed subclass with
/// a static <c>Instance</c>, built once (see <see cref="StringListJsonReaderWriter"/> for why).
/// </summary>
public abstract class EnumNameListJsonReaderWriter<TEnum> : JsonCollectionOfStructsReaderWriter<List<TEnum>, TEnum>
    where TEnum : struct, Enum
{
    protected EnumNameListJsonReaderWriter()
        : base(new JsonConvertedValueReaderWriter<TEnum, string>(JsonStringReaderWriter.Instance, new EnumToStringConverter<TEnum>()))
    {
    }

    /// <inheritdoc />
    public override Expression ConstructorExpression =>
        Expression.Property(null, GetType().GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{GetType().Name} must have a public static Instance property."));
}

/// <summary>JSON reader/writer of a list of <see cref="Common.TargetGroup"/> names, one instance.</summary>
public sealed class TargetGroupListJsonReaderWriter : EnumNameListJsonReaderWriter<Common.TargetGroup>
{
    private TargetGroupListJsonReaderWriter()
    {
    }

    /// <summary>The one instance.</summary>
    public static TargetGroupListJsonReaderWriter Instance { get; } = new();
}

/// <summary>JSON reader/writer of a list of <see cref="Common.ActivityKind"/> names, one instance.</summary>
public sealed class ActivityKindListJsonReaderWriter : EnumNameListJsonReaderWriter<Common.ActivityKind>
{
    private ActivityKindListJsonReaderWriter()
    {
    }

    /// <summary>The one instance.</summary>
    public static ActivityKindListJsonReaderWriter Instance { get; } = new();
}
