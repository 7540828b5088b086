using Directory.Model.Search;
using Microsoft.Data.Sqlite;

namespace Directory.Benchmarks.Generating;

/// <summary>
/// Prepared INSERT statements over one connection, committed every <see cref="BatchRows"/> rows: SQLite writes fastest
/// in large transactions with statements compiled once. Ids are given explicitly so rows can refer to each other.
/// Columns are those of the EF model; the R*Tree over locations is filled by its triggers as for any writer, and the
/// full-text index by one set-based refresh of the documents its triggers queued, before each commit.
/// </summary>
internal sealed class BulkWriter(SqliteConnection connection, string now)
{
    public const int BatchRows = 50_000;

    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;
    private int _rows;

    public Task OrganizationAsync(int id, string name, string kind, string comune, CancellationToken ct) =>
        InsertAsync(
            """
            INSERT INTO "Organizations" ("Id", "Name", "Kind", "Language", "ComuneIstatCode", "CreatedAt", "UpdatedAt", "Revision", "Source")
            VALUES ($p0, $p1, $p2, 'it', $p3, $now, $now, 1, 'bench')
            """,
            ct, id, name, kind, comune);

    public Task ServiceAsync(int id, int organizationId, string name, string shortDescription, string status, string languages, string targetGroups, bool isFree, CancellationToken ct) =>
        InsertAsync(
            """
            INSERT INTO "Services" ("Id", "OrganizationId", "Name", "ShortDescription", "Language", "Status", "Languages", "InterpretationAvailable",
                "TargetGroups", "IsFree", "CreatedAt", "UpdatedAt", "Revision", "Source")
            VALUES ($p0, $p1, $p2, $p3, 'it', $p4, $p5, 0, $p6, $p7, $now, $now, 1, 'bench')
            """,
            ct, id, organizationId, name, shortDescription, status, languages, targetGroups, isFree ? 1 : 0);

    public Task ServiceCategoryAsync(int serviceId, int categoryId, CancellationToken ct) =>
        InsertAsync("""INSERT INTO "ServiceCategories" ("ServiceId", "CategoryId") VALUES ($p0, $p1)""", ct, serviceId, categoryId);

    public Task LocationAsync(int id, int organizationId, string name, string address, string postalCode, string comune, double latitude, double longitude, CancellationToken ct) =>
        InsertAsync(
            """
            INSERT INTO "Locations" ("Id", "OrganizationId", "Name", "Language", "AddressLine1", "PostalCode", "ComuneIstatCode", "Latitude", "Longitude",
                "CoordinateQuality", "CreatedAt", "UpdatedAt", "Revision", "Source")
            VALUES ($p0, $p1, $p2, 'it', $p3, $p4, $p5, $p6, $p7, 'Exact', $now, $now, 1, 'bench')
            """,
            ct, id, organizationId, name, address, postalCode, comune, latitude, longitude);

    public Task ServiceAtLocationAsync(int id, int serviceId, int locationId, CancellationToken ct) =>
        InsertAsync(
            """
            INSERT INTO "ServiceAtLocations" ("Id", "ServiceId", "LocationId", "CreatedAt", "UpdatedAt", "Revision", "Source")
            VALUES ($p0, $p1, $p2, $now, $now, 1, 'bench')
            """,
            ct, id, serviceId, locationId);

    public Task ScheduleAsync(int id, int serviceAtLocationId, string day, string opens, string closes, CancellationToken ct) =>
        InsertAsync(
            """
            INSERT INTO "Schedules" ("Id", "ServiceAtLocationId", "DayOfWeek", "Opens", "Closes", "CreatedAt", "UpdatedAt", "Revision", "Source")
            VALUES ($p0, $p1, $p2, $p3, $p4, $now, $now, 1, 'bench')
            """,
            ct, id, serviceAtLocationId, day, opens, closes);

    public Task TranslationAsync(int id, int serviceId, string field, string language, string text, CancellationToken ct) =>
        InsertAsync(
            """
            INSERT INTO "Translations" ("Id", "EntityType", "EntityKey", "Field", "Language", "Text", "SourceLanguage", "IsMachineTranslated", "CreatedAt", "UpdatedAt", "Source")
            VALUES ($p0, 'Service', $p1, $p2, $p3, $p4, 'it', 0, $now, $now, 'bench')
            """,
            ct, id, serviceId.ToString(System.Globalization.CultureInfo.InvariantCulture), field, language, text);

    /// <summary>Commits what is pending and releases the statements.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            await CommitAsync(_transaction, ct).ConfigureAwait(false);
        }

        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _commands.Clear();
    }

    private async Task InsertAsync(string sql, CancellationToken ct, params object[] values)
    {
        if (_transaction is null)
        {
            _transaction = connection.BeginTransaction();
            foreach (var existing in _commands.Values)
            {
                existing.Transaction = _transaction;
            }
        }

        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = _transaction;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter($"$p{i}", null));
            }

            command.Parameters.AddWithValue("$now", now);
            command.Prepare();
            _commands[sql] = command;
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        if (++_rows % BatchRows == 0)
        {
            await CommitAsync(_transaction, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Refreshes the search documents the batch touched and commits them with it.</summary>
    private async Task CommitAsync(SqliteTransaction transaction, CancellationToken ct)
    {
        await SqliteTextSearch.RefreshAsync(connection, transaction, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        await transaction.DisposeAsync().ConfigureAwait(false);
        _transaction = null;
    }
}
