using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SQLitePCL;

namespace Directory.Model.Data;

/// <summary>
/// Reads whole rows of one entity type from a <see cref="NativeStatement"/>, as EF Core would materialize them with no
/// tracking: the columns and their order, value converters (enums by name, lists as JSON) and CLR members come from
/// the EF model, and the reading code is compiled once per model and type. For entity types mapped to one table
/// without owned, complex or shadow properties or inheritance (checked when the reader is built).
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
public sealed class EntityReader<T>
    where T : class
{
    private readonly string[] _columns;
    private readonly Dictionary<string, string> _columnOf;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _byColumnSql = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _columnLists = new(StringComparer.Ordinal);
    private readonly Func<NativeStatement, int, T> _read;

    private readonly IModel _model;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EntityReader<T>> _subsets = new(StringComparer.Ordinal);

    internal EntityReader(IModel model, IReadOnlySet<string>? only = null)
    {
        _model = model;
        var entityType = model.FindEntityType(typeof(T))!;

        Table = entityType.GetTableName() ?? throw new NotSupportedException($"{typeof(T).Name} is not mapped to a table.");
        var store = StoreObjectIdentifier.Table(Table, entityType.GetSchema());
        var properties = entityType.GetProperties().Where(p => only is null || p.IsPrimaryKey() || only.Contains(p.Name)).ToList();
        if (only?.FirstOrDefault(name => entityType.FindProperty(name) is null) is { } unknown)
        {
            throw new ArgumentException($"{typeof(T).Name} has no property {unknown}.", nameof(only));
        }

        Properties = [.. properties.Select(p => p.Name)];
        _columns = [.. properties.Select(p => p.GetColumnName(store) ?? throw new NotSupportedException($"{typeof(T).Name}.{p.Name} has no column."))];
        _columnOf = properties.Select((p, i) => (p.Name, Column: _columns[i])).ToDictionary(x => x.Name, x => x.Column, StringComparer.Ordinal);
        var key = entityType.FindPrimaryKey()?.Properties is [{ } single] && single.ClrType == typeof(int) ? single.GetColumnName(store) : null;
        ByKeysSql = key is null
            ? ""
            : $"SELECT {Columns("t")} FROM \"{Table}\" AS \"t\" WHERE \"t\".\"{key}\" IN (SELECT \"value\" FROM json_each(?1))";

        var row = Expression.Parameter(typeof(NativeStatement), "row");
        var offset = Expression.Parameter(typeof(int), "offset");
        var entity = Expression.Variable(typeof(T), "entity");
        var body = new List<Expression> { Expression.Assign(entity, Expression.New(typeof(T))) };
        for (var i = 0; i < properties.Count; i++)
        {
            body.Add(Assign(properties[i], entity, row, Expression.Add(offset, Expression.Constant(i))));
        }

        body.Add(entity);
        _read = Expression.Lambda<Func<NativeStatement, int, T>>(Expression.Block([entity], body), row, offset).Compile();
    }

    /// <summary>
    /// Whether <typeparamref name="T"/> is an entity type of <paramref name="model"/> mapped to one table without owned,
    /// complex or shadow properties or inheritance, whose columns all have types read here.
    /// </summary>
    internal static bool CanRead(IModel model) =>
        model.FindEntityType(typeof(T)) is { } entityType
        && entityType.GetTableName() is not null
        && !entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned())
        && !entityType.GetComplexProperties().Any()
        && !entityType.GetProperties().Any(p => p.IsShadowProperty())
        && entityType.BaseType is null
        && !entityType.GetDerivedTypes().Any()
        && entityType.GetProperties().All(p => (p.PropertyInfo is { CanWrite: true } || p.FieldInfo is not null) && ProviderValues.Reads(ProviderType(p)));

    /// <summary>The table the entity type is mapped to.</summary>
    public string Table { get; }

    /// <summary>The properties this reader sets (all of them, or a subset and the key); the others keep their initial values.</summary>
    public IReadOnlyList<string> Properties { get; }

    /// <summary>
    /// A reader of only <paramref name="properties"/> (and the key): fewer columns read and converted, the other members
    /// left as a new entity has them. For records that only serve those properties; null reads whole rows (this reader).
    /// Built once per set.
    /// </summary>
    public EntityReader<T> Only(IReadOnlyCollection<string>? properties) =>
        properties is null ? this
            // Callers usually pass the same set instance again (e.g. remembered per document): found by reference first.
            : _subsetsBySet.GetValue(properties, p => _subsets.GetOrAdd(string.Join(',', p.Order(StringComparer.Ordinal)), _ => new EntityReader<T>(_model, p.ToHashSet(StringComparer.Ordinal))));

    private readonly ConditionalWeakTable<IReadOnlyCollection<string>, EntityReader<T>> _subsetsBySet = [];

    /// <summary>
    /// The statement reading the records whose integer key is in the JSON array bound to its one parameter (empty when the
    /// entity has no single integer key).
    /// </summary>
    public string ByKeysSql { get; }

    /// <summary>How many columns a row of the entity takes.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The column of the property named <paramref name="property"/>.</summary>
    public string Column(string property) =>
        _columnOf.TryGetValue(property, out var column) ? column : throw new ArgumentException($"{typeof(T).Name} has no property {property}.", nameof(property));

    /// <summary>
    /// The statement reading the records whose <paramref name="property"/> (an integer column) is in the JSON array bound
    /// to its one parameter, ordered by <paramref name="orderBy"/> (properties, ascending).
    /// </summary>
    public string ByColumnSql(string property, params string[] orderBy) =>
        _byColumnSql.GetOrAdd(property + "|" + string.Join(',', orderBy ?? []), _ => BuildByColumnSql(property, orderBy ?? []));

    private string BuildByColumnSql(string property, string[] orderBy) =>
        $"SELECT {Columns("t")} FROM \"{Table}\" AS \"t\" WHERE \"t\".\"{Column(property)}\" IN (SELECT \"value\" FROM json_each(?1))"
        + (orderBy.Length == 0 ? "" : " ORDER BY " + string.Join(", ", orderBy.Select(p => $"\"t\".\"{Column(p)}\"")));

    /// <summary>The columns to select, in the order <see cref="Read"/> expects them, qualified by <paramref name="alias"/>.</summary>
    public string Columns(string alias) => _columnLists.GetOrAdd(alias, a => string.Join(", ", _columns.Select(c => $"\"{a}\".\"{c}\"")));

    /// <summary>The entity in the current row of <paramref name="row"/>, its columns starting at <paramref name="offset"/>.</summary>
    public T Read(NativeStatement row, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _read(row, offset);
    }

    /// <summary><c>entity.Member = row is NULL ? default : converted value</c> for one property.</summary>
    private static BinaryExpression Assign(IProperty property, ParameterExpression entity, ParameterExpression row, Expression column)
    {
        MemberInfo member = property.PropertyInfo is { CanWrite: true } writable ? writable
            : property.FieldInfo ?? throw new NotSupportedException($"{typeof(T).Name}.{property.Name} can be neither set nor written to a field.");
        var memberType = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
        var converter = property.GetTypeMapping().Converter;
        Expression value = ReadValue(ProviderType(property), row, column);
        if (converter is not null)
        {
            var fromProvider = converter.ConvertFromProviderExpression;
            value = Expression.Invoke(fromProvider, Expression.Convert(value, fromProvider.Parameters[0].Type));
        }

        if (value.Type != memberType)
        {
            value = Expression.Convert(value, memberType);
        }

        var isNull = Expression.Call(row, typeof(NativeStatement).GetMethod(nameof(NativeStatement.IsNull))!, column);
        return Expression.Assign(
            Expression.MakeMemberAccess(entity, member),
            Expression.Condition(isNull, Expression.Default(memberType), value));
    }

    /// <summary>The type a property's column holds, as read (without <see cref="Nullable{T}"/>).</summary>
    private static Type ProviderType(IProperty property)
    {
        var type = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>A provider value of <paramref name="type"/>, read as Microsoft.Data.Sqlite's data reader reads it.</summary>
    private static Expression ReadValue(Type type, ParameterExpression row, Expression column)
    {
        if (type == typeof(byte[]))
        {
            return Expression.Call(row, typeof(NativeStatement).GetMethod(nameof(NativeStatement.Blob))!, column);
        }

        if (type.IsEnum)
        {
            return Expression.Convert(ReadValue(typeof(long), row, column), type);
        }

        return Expression.Call(ProviderValues.Reader(type)!, row, column);
    }
}

/// <summary>The <see cref="EntityReader{T}"/>s of a model, each built once.</summary>
public static class EntityReader
{
    /// <summary>The reader of <typeparamref name="T"/> for <paramref name="model"/> (built once per model); throws when <typeparamref name="T"/> cannot be read natively.</summary>
    public static EntityReader<T> For<T>(IModel model)
        where T : class =>
        TryFor<T>(model) ?? throw new NotSupportedException($"{typeof(T).Name} has owned, complex or shadow properties or inheritance: read it through EF Core.");

    /// <summary>The reader of <typeparamref name="T"/> for <paramref name="model"/>, or null when <typeparamref name="T"/> cannot be read natively.</summary>
    public static EntityReader<T>? TryFor<T>(IModel model)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(model);
        return Cache<T>.Readers.GetValue(model, m => new StrongBox<EntityReader<T>?>(EntityReader<T>.CanRead(m) ? new EntityReader<T>(m) : null)).Value;
    }

    private static class Cache<T>
        where T : class
    {
        public static readonly ConditionalWeakTable<IModel, StrongBox<EntityReader<T>?>> Readers = [];
    }
}

/// <summary>Provider values from native columns, converted as Microsoft.Data.Sqlite's data reader converts them.</summary>
internal static class ProviderValues
{
    /// <summary>Whether a column holding <paramref name="type"/> is read here.</summary>
    public static bool Reads(Type type) => type == typeof(byte[]) || type.IsEnum || Reader(type) is not null;

    /// <summary>The method reading a column holding <paramref name="type"/> (named after it), or null.</summary>
    public static MethodInfo? Reader(Type type) =>
        typeof(ProviderValues).GetMethod(type.Name, BindingFlags.Public | BindingFlags.Static, [typeof(NativeStatement), typeof(int)]);

    public static string String(NativeStatement row, int column) => row.Text(column);

    public static long Int64(NativeStatement row, int column) => row.Whole(column);

    public static int Int32(NativeStatement row, int column) => checked((int)row.Whole(column));

    public static short Int16(NativeStatement row, int column) => checked((short)row.Whole(column));

    public static byte Byte(NativeStatement row, int column) => checked((byte)row.Whole(column));

    public static bool Boolean(NativeStatement row, int column) => row.Whole(column) != 0;

    public static double Double(NativeStatement row, int column) => row.Real(column);

    public static float Single(NativeStatement row, int column) => (float)row.Real(column);

    public static decimal Decimal(NativeStatement row, int column) =>
        row.StorageClass(column) == raw.SQLITE_TEXT
            ? decimal.Parse(row.Text(column), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
            : (decimal)row.Real(column);

    public static DateTime DateTime(NativeStatement row, int column)
    {
        if (row.StorageClass(column) != raw.SQLITE_TEXT)
        {
            return System.DateTime.FromOADate(row.Real(column) - 2415018.5);
        }

        var text = row.Utf8(column);
        return TryParseStored(text, out var value) ? value : System.DateTime.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The form EF Core stores date-times in on SQLite, <c>yyyy-MM-dd HH:mm:ss</c> with up to seven digits of fraction
    /// (or a <c>T</c> for the space), read without a string; the kind is unspecified, as <see cref="System.DateTime.Parse(string, IFormatProvider)"/>
    /// gives for text without an offset. Anything else: false.
    /// </summary>
    internal static bool TryParseStored(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        if (text.Length < 19 || text.Length == 20 || text.Length > 27 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T')
            || text[13] != ':' || text[16] != ':' || (text.Length > 19 && text[19] != '.'))
        {
            return false;
        }

        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var ticks = 0;
        if (text.Length > 19)
        {
            if (!Digits(text[20..], out ticks))
            {
                return false;
            }

            for (var i = text.Length - 20; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > System.DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    public static DateTimeOffset DateTimeOffset(NativeStatement row, int column) =>
        System.DateTimeOffset.Parse(row.Text(column), CultureInfo.InvariantCulture);

    public static DateOnly DateOnly(NativeStatement row, int column) => System.DateOnly.Parse(row.Text(column), CultureInfo.InvariantCulture);

    public static TimeOnly TimeOnly(NativeStatement row, int column) => System.TimeOnly.Parse(row.Text(column), CultureInfo.InvariantCulture);

    public static TimeSpan TimeSpan(NativeStatement row, int column) => System.TimeSpan.Parse(row.Text(column), CultureInfo.InvariantCulture);

    public static Guid Guid(NativeStatement row, int column) =>
        row.StorageClass(column) == raw.SQLITE_TEXT ? System.Guid.Parse(row.Text(column)) : new Guid(row.Blob(column));
}
