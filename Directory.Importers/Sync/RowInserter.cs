using System.Globalization;
using Directory.Model.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Directory.Importers.Sync;

/// <summary>
/// Inserts brand-new rows with prepared <c>INSERT</c> statements (one per table, and per number of rows for the
/// multi-row inserts of <see cref="AddRange{T}"/>), reused for every row of a run, on the
/// context's connection and inside its current transaction; bypasses the change tracker. The SQL is built from the
/// EF model (table, columns, and each column's value converter, so values are stored exactly as SaveChanges stores
/// them: enums by name, lists as JSON), and records are stamped as the auditing interceptor stamps an added record
/// (created, updated, revision 1). SQLite compiles an insert's triggers when the statement is prepared: preparing
/// once per run instead of once per row is most of the gain; binding by position on the native statement (see
/// <see cref="RawStatement"/>) instead of by name through Microsoft.Data.Sqlite is the rest.
/// </summary>
/// <remarks>
/// For entity types without owned or shadow properties (checked when the statement is built); the caller sets the
/// foreign keys of dependents from the keys returned. Provider values are bound as Microsoft.Data.Sqlite binds them
/// (<see cref="Bind"/>): a column of a type it does not know fails the insert rather than store something else.
/// </remarks>
internal sealed class RowInserter(DbContext db, TimeProvider clock) : IDisposable
{
    /// <summary>Rows one multi-row <c>INSERT</c> of <see cref="AddRange{T}"/> holds at most.</summary>
    public const int MaxRowsPerStatement = 16;

    private readonly Dictionary<(Type Type, int Rows), Insert> _inserts = [];

    /// <summary>Rows inserted so far.</summary>
    public int Rows { get; private set; }

    /// <summary>Inserts the entity's row; returns the generated key (0 when the key is not generated).</summary>
    public int Add(object entity)
    {
        Stamp(entity);
        var insert = Get(entity.GetType(), 1);
        BindRow(insert, 0, entity);
        Rows++;
        insert.Statement.Execute();
        return insert.Key is null ? 0 : SetKey(insert.Key, entity, insert.Statement.LastInsertRowId);
    }

    /// <summary>
    /// Inserts the rows of several entities of one type (a service's weekly hours, phones, categories) with one
    /// statement per <see cref="MaxRowsPerStatement"/> rows instead of one per row, in their order; sets their
    /// generated keys (SQLite numbers the rows of one statement one after the other, and the run's connection is the
    /// database's only writer while its transaction is open).
    /// </summary>
    public void AddRange<T>(IReadOnlyList<T> entities)
        where T : class
    {
        for (var start = 0; start < entities.Count; start += MaxRowsPerStatement)
        {
            var rows = Math.Min(MaxRowsPerStatement, entities.Count - start);
            var insert = Get(typeof(T), rows);
            for (var row = 0; row < rows; row++)
            {
                Stamp(entities[start + row]);
                BindRow(insert, row, entities[start + row]);
            }

            Rows += rows;
            insert.Statement.Execute();
            if (insert.Key is not null)
            {
                var last = insert.Statement.LastInsertRowId;
                for (var row = 0; row < rows; row++)
                {
                    SetKey(insert.Key, entities[start + row], last - (rows - 1 - row));
                }
            }
        }
    }

    /// <summary>Stamps a record as the auditing interceptor stamps an added one.</summary>
    private void Stamp(object entity)
    {
        if (entity is Record record)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            record.CreatedAt = record.CreatedAt == default ? now : record.CreatedAt;
            record.UpdatedAt = now;
            record.Revision = 1;
        }
    }

    /// <summary>Binds the entity's values as the <paramref name="row"/>-th row of the statement's <c>VALUES</c>.</summary>
    private static void BindRow(Insert insert, int row, object entity)
    {
        var first = row * insert.Columns.Length + 1;
        for (var i = 0; i < insert.Columns.Length; i++)
        {
            var (property, converter) = insert.Columns[i];
            var value = property.GetGetter().GetClrValue(entity);
            Bind(insert.Statement, first + i, value is null || converter is null ? value : converter.ConvertToProvider(value));
        }
    }

    private static int SetKey(IProperty key, object entity, long rowid)
    {
        var value = Convert.ChangeType(rowid, key.ClrType, CultureInfo.InvariantCulture);
        key.PropertyInfo!.SetValue(entity, value);
        return value is int id ? id : 0;
    }

    public void Dispose()
    {
        foreach (var insert in _inserts.Values)
        {
            insert.Statement.Dispose();
        }

        _inserts.Clear();
    }

    /// <summary>Binds a provider value the way Microsoft.Data.Sqlite does (same storage class, same text for dates and times).</summary>
    private static void Bind(RawStatement statement, int index, object? value)
    {
        switch (value)
        {
            case null:
                statement.Null(index);
                break;
            case string text:
                statement.Text(index, text);
                break;
            case int number:
                statement.Integer(index, number);
                break;
            case long number:
                statement.Integer(index, number);
                break;
            case bool flag:
                statement.Integer(index, flag ? 1 : 0);
                break;
            case double real:
                statement.Real(index, real);
                break;
            case byte[] bytes:
                statement.Blob(index, bytes);
                break;
            case DateTime time:
                statement.Text(index, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                statement.Text(index, date.ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                statement.Text(index, time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? @"HH\:mm\:ss" : @"HH\:mm\:ss\.fffffff", CultureInfo.InvariantCulture));
                break;
            default:
                throw new NotSupportedException($"{value.GetType().Name} values are not inserted past the change tracker");
        }
    }

    private sealed record Insert(RawStatement Statement, (IProperty Property, ValueConverter? Converter)[] Columns, IProperty? Key);

    private Insert Get(Type type, int rows)
    {
        if (_inserts.TryGetValue((type, rows), out var insert))
        {
            return insert;
        }

        var entityType = db.Model.FindEntityType(type) ?? throw new NotSupportedException($"{type.Name} is not an entity type");
        if (entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || entityType.GetProperties().Any(p => p.IsShadowProperty()))
        {
            throw new NotSupportedException($"{type.Name} has owned or shadow properties: insert it through the change tracker");
        }

        var table = entityType.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var primaryKey = entityType.FindPrimaryKey()!.Properties;
        var key = primaryKey is [{ ValueGenerated: ValueGenerated.OnAdd } generated] ? generated : null;
        var columns = entityType.GetProperties().Where(p => p != key).Select(p => (Property: p, Converter: p.GetTypeMapping().Converter)).ToArray();
        var sql = $"""
            INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c.Property.GetColumnName(store)}\""))})
            VALUES {string.Join(", ", Enumerable.Range(0, rows).Select(row => $"({string.Join(", ", columns.Select((_, i) => $"?{row * columns.Length + i + 1}"))})"))}
            """;
        insert = new Insert(new RawStatement((SqliteConnection)db.Database.GetDbConnection(), sql), columns, key);
        _inserts[(type, rows)] = insert;
        return insert;
    }
}
