using Microsoft.Data.Sqlite;

namespace Directory.Importers.Sync;

/// <summary>
/// What one run has to remember about every record of its feed, kept on disk so memory does not grow with the
/// feed: the first row of each service id (duplicates), a hash of the first description of each organization and
/// location (a later row may not describe them differently), the rows rejected, the ids to keep as they are, the raw
/// fingerprints that stand for unchanged rows (copied in by <see cref="CopyRawSql"/>), the records the checking pass
/// found unchanged and the rows it found dirty, and the records already synced. What the source stored under an id is
/// looked up in the Directory's database when a mapped row needs it (<see cref="Stored"/>, through a read connection of
/// its own, see <see cref="OpenDatabase"/>). Scratch SQLite files in the run's work folder: this
/// connection writes <see cref="Path"/> while checking and reads it while storing (through <see cref="RawStatement"/>s);
/// the sync connection attaches it as <see cref="Schema"/> (and only reads it) and keeps the records it has synced
/// in a file of its own, <see cref="SyncedPath"/>, so the two connections never wait on each other's write locks.
/// </summary>
public sealed class RunScratch : IDisposable
{
    /// <summary>What the source stored under an id: its key, its fingerprint, and whether it is current (not withdrawn, no field set by a person).</summary>
    public readonly record struct StoredRecord(int Key, byte[]? Fingerprint, bool Current);

    /// <summary>Name under which the sync connection attaches the scratch file.</summary>
    public const string Schema = "run";

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, RawStatement> _findStored = new(StringComparer.Ordinal);
    private SqliteConnection? _database;
    private readonly RawStatement _findService;
    private readonly RawStatement _addService;
    private readonly RawStatement _findRecord;
    private readonly RawStatement _addRecord;
    private readonly RawStatement _addRejected;
    private readonly RawStatement _isRejected;
    private readonly RawStatement _addKept;
    private readonly RawStatement _addClean;
    private readonly RawStatement _isClean;
    private readonly RawStatement _addDirty;
    private readonly RawStatement _isDirty;
    private readonly RawStatement _findRaw;
    private readonly RawStatement _addRawService;
    private readonly RawStatement _addRawNew;
    private readonly RawStatement _addSlowRef;
    private readonly List<RawStatement> _statements = [];
    private bool _inTransaction;

    public RunScratch(string path)
    {
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE services (id TEXT PRIMARY KEY, row INTEGER NOT NULL, raw INTEGER NOT NULL DEFAULT 0, key INTEGER) WITHOUT ROWID;
            CREATE TABLE records (type TEXT NOT NULL, id TEXT NOT NULL, row INTEGER NOT NULL, description BLOB NOT NULL, PRIMARY KEY (type, id)) WITHOUT ROWID;
            CREATE TABLE rejected (row INTEGER PRIMARY KEY);
            CREATE TABLE kept (id TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE person (type TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (type, key)) WITHOUT ROWID;
            CREATE TABLE stale (type TEXT NOT NULL, id INTEGER NOT NULL, lastrun INTEGER, always INTEGER NOT NULL, PRIMARY KEY (type, id)) WITHOUT ROWID;
            CREATE TABLE spoilt (id INTEGER PRIMARY KEY);
            CREATE TABLE raw (fingerprint BLOB PRIMARY KEY, id TEXT NOT NULL, key INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE rawnew (id TEXT PRIMARY KEY, fingerprint BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE slowrefs (type TEXT NOT NULL, id TEXT NOT NULL, same INTEGER NOT NULL, PRIMARY KEY (type, id)) WITHOUT ROWID;
            CREATE TABLE clean (type TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (type, id)) WITHOUT ROWID;
            CREATE TABLE dirty (row INTEGER PRIMARY KEY);
            """);
        _findService = Prepare("SELECT row FROM services WHERE id = ?1");
        _addService = Prepare("INSERT OR IGNORE INTO services (id, row) VALUES (?1, ?2)");
        _findRecord = Prepare("SELECT row, description FROM records WHERE type = ?1 AND id = ?2");
        _addRecord = Prepare("INSERT OR IGNORE INTO records (type, id, row, description) VALUES (?1, ?2, ?3, ?4)");
        _addRejected = Prepare("INSERT OR IGNORE INTO rejected (row) VALUES (?1)");
        _isRejected = Prepare("SELECT 1 FROM rejected WHERE row = ?1");
        _addKept = Prepare("INSERT OR IGNORE INTO kept (id) VALUES (?1)");
        _addClean = Prepare("INSERT OR IGNORE INTO clean (type, id) VALUES (?1, ?2)");
        _isClean = Prepare("SELECT 1 FROM clean WHERE type = ?1 AND id = ?2");
        _addDirty = Prepare("INSERT OR IGNORE INTO dirty (row) VALUES (?1)");
        _isDirty = Prepare("SELECT 1 FROM dirty WHERE row = ?1");
        _findRaw = Prepare("SELECT id FROM raw WHERE fingerprint = ?1");
        _addRawService = Prepare("INSERT OR IGNORE INTO services (id, row, raw, key) SELECT id, ?2, 1, key FROM raw WHERE fingerprint = ?1");
        _addRawNew = Prepare("INSERT OR REPLACE INTO rawnew (id, fingerprint) VALUES (?1, ?2)");
        _addSlowRef = Prepare("INSERT INTO slowrefs (type, id, same) VALUES (?1, ?2, ?3) ON CONFLICT (type, id) DO UPDATE SET same = min(same, excluded.same)");
    }

    /// <summary>The scratch file.</summary>
    public string Path { get; }

    /// <summary>The file of records synced by this run, written by the sync connection only.</summary>
    public string SyncedPath => Path + "-synced";

    /// <summary>Writes of the checking pass go in one transaction (much faster); <see cref="EndWrites"/> commits it.</summary>
    public void BeginWrites()
    {
        Execute("BEGIN");
        _inTransaction = true;
    }

    public void EndWrites()
    {
        if (_inTransaction)
        {
            Execute("COMMIT");
            _inTransaction = false;
        }
    }

    /// <summary>The row where the service id was first seen, or null (then this row is remembered as the first).</summary>
    public int? FirstServiceRow(string id, int row)
    {
        if (_addService.Text(1, id).Integer(2, row).Execute() == 1)
        {
            return null;
        }

        return Single(_findService.Text(1, id), out var first) ? (int)first : null;
    }

    /// <summary>
    /// The first row of an organization, location or association, and whether it described it as
    /// <paramref name="description"/> does (a hash of its content); null when this row is the first (then it is remembered).
    /// </summary>
    public (int Row, bool Same)? FirstRecord(string type, string id, int row, ReadOnlySpan<byte> description)
    {
        if (_addRecord.Text(1, type).Text(2, id).Integer(3, row).Blob(4, description).Execute() == 1)
        {
            return null;
        }

        var find = _findRecord.Text(1, type).Text(2, id);
        try
        {
            return find.Step() ? ((int)find.Int64(0), find.Bytes(1).SequenceEqual(description)) : null;
        }
        finally
        {
            find.Reset();
        }
    }

    public void Reject(int row) => _addRejected.Integer(1, row).Execute();

    public bool IsRejected(int row) => Single(_isRejected.Integer(1, row), out _);

    /// <summary>An id named by a rejected row: the stored record keeps its state and is not withdrawn.</summary>
    public void Keep(string id) => _addKept.Text(1, id).Execute();

    /// <summary>
    /// The SQL that copies, from the Directory's database (main) into the scratch file (attached as <see cref="Schema"/>),
    /// the raw fingerprints that stand for an unchanged row (<c>raw</c>): the service is not withdrawn and has its
    /// fingerprints, and neither it nor the organization and locations of the source it points to has a field a person
    /// set, is withdrawn, lacks a fingerprint, or changed after the raw fingerprint was stored (a last run later than
    /// its run). Set-based from the few records that could spoil a fingerprint rather than per service: the records with
    /// a field a person set (<c>person</c>), the organizations and locations withdrawn, without a fingerprint, or changed
    /// after the oldest raw fingerprint of the source (<c>stale</c>: none after a first import, then those the feed
    /// changed since), and the services that point to one of them at a later run than their fingerprint's (<c>spoilt</c>);
    /// then the raw fingerprints themselves, read from the provenance table in its order (one pass) with each service
    /// by its key, and inserted in the order of their key (sorted in memory first: appending to the b-tree costs about
    /// half of inserting random 16-byte keys).
    /// The joins are written as <c>CROSS JOIN</c> and <c>NOT INDEXED</c>, which SQLite keeps as written (without
    /// statistics its planner read every location of the source for each service). Run before the checking pass by a
    /// connection to the Directory's database; parameters <c>$source</c> and <c>$person</c>.
    /// </summary>
    public static string CopyRawSql { get; } = $"""
        INSERT OR IGNORE INTO {Schema}.person (type, key) SELECT EntityType, EntityKey FROM FieldProvenance WHERE SetByKind = $person;
        INSERT OR IGNORE INTO {Schema}.stale (type, id, lastrun, always)
        SELECT EntityType, CAST(EntityKey AS INTEGER), LastRunId, Fingerprint IS NULL
        FROM RecordProvenance NOT INDEXED
        WHERE SourceId = $source AND EntityType IN ('{SyncEngine.OrganizationType}', '{SyncEngine.LocationType}')
            AND (Fingerprint IS NULL OR LastRunId > (SELECT MIN(RawRunId) FROM RecordProvenance NOT INDEXED WHERE SourceId = $source AND EntityType = '{SyncEngine.ServiceType}'));
        INSERT OR REPLACE INTO {Schema}.stale (type, id, lastrun, always)
        SELECT '{SyncEngine.OrganizationType}', Id, 0, 1 FROM Organizations WHERE Source = $source AND WithdrawnAt IS NOT NULL
        UNION ALL SELECT '{SyncEngine.LocationType}', Id, 0, 1 FROM Locations WHERE Source = $source AND WithdrawnAt IS NOT NULL
        UNION ALL SELECT type, CAST(key AS INTEGER), 0, 1 FROM {Schema}.person WHERE type IN ('{SyncEngine.OrganizationType}', '{SyncEngine.LocationType}');
        INSERT OR IGNORE INTO {Schema}.spoilt (id)
        SELECT s.Id FROM {Schema}.stale d CROSS JOIN Services s ON s.OrganizationId = d.id
            CROSS JOIN RecordProvenance p ON p.EntityType = '{SyncEngine.ServiceType}' AND p.EntityKey = CAST(s.Id AS TEXT)
        WHERE d.type = '{SyncEngine.OrganizationType}' AND s.Source = $source AND (d.always OR d.lastrun > p.RawRunId)
        UNION ALL
        SELECT a.ServiceId FROM {Schema}.stale d CROSS JOIN ServiceAtLocations a ON a.LocationId = d.id
            CROSS JOIN RecordProvenance p ON p.EntityType = '{SyncEngine.ServiceType}' AND p.EntityKey = CAST(a.ServiceId AS TEXT)
        WHERE d.type = '{SyncEngine.LocationType}' AND (d.always OR d.lastrun > p.RawRunId);
        INSERT OR IGNORE INTO {Schema}.raw (fingerprint, id, key)
        SELECT p.RawFingerprint, s.ExternalId, s.Id
        FROM RecordProvenance p NOT INDEXED CROSS JOIN Services s NOT INDEXED ON s.Id = CAST(p.EntityKey AS INTEGER)
        WHERE p.SourceId = $source AND p.EntityType = '{SyncEngine.ServiceType}' AND p.RawFingerprint IS NOT NULL AND p.RawRunId IS NOT NULL
            AND p.Fingerprint IS NOT NULL AND s.Source = $source AND s.ExternalId IS NOT NULL AND s.WithdrawnAt IS NULL
            AND NOT EXISTS (SELECT 1 FROM {Schema}.person f WHERE f.type = '{SyncEngine.ServiceType}' AND f.key = p.EntityKey)
            AND NOT EXISTS (SELECT 1 FROM {Schema}.spoilt x WHERE x.id = s.Id)
        ORDER BY p.RawFingerprint, s.Id;
        """;

    /// <summary>
    /// Whether the source stored anything (a first run looks nothing up); run by a connection to the Directory's
    /// database, parameter <c>$source</c>.
    /// </summary>
    public static string AnyStoredSql { get; } = """
        SELECT EXISTS (SELECT 1 FROM Services WHERE Source = $source AND ExternalId IS NOT NULL)
            OR EXISTS (SELECT 1 FROM Organizations WHERE Source = $source AND ExternalId IS NOT NULL)
            OR EXISTS (SELECT 1 FROM Locations WHERE Source = $source AND ExternalId IS NOT NULL)
            OR EXISTS (SELECT 1 FROM Associations WHERE Source = $source AND ExternalId IS NOT NULL) AS Value
        """;

    /// <summary>
    /// Whether a mapped row describes an organization or location otherwise than stored (or is rejected before saying
    /// how) while a row taken by its raw fingerprint points to it: then the order of the rows matters, and the run
    /// checks every row again, mapped. Run by a connection to the Directory's database with the scratch file attached
    /// (committed); parameter <c>$source</c>.
    /// </summary>
    public static string RawConflictSql { get; } = $"""
        SELECT EXISTS (SELECT 1 FROM {Schema}.slowrefs m CROSS JOIN Organizations o ON o.Source = $source AND o.ExternalId = m.id
                CROSS JOIN Services s ON s.OrganizationId = o.Id CROSS JOIN {Schema}.services f ON f.id = s.ExternalId
            WHERE m.type = '{SyncEngine.OrganizationType}' AND m.same = 0 AND s.Source = $source AND f.raw = 1)
        OR EXISTS (SELECT 1 FROM {Schema}.slowrefs m CROSS JOIN Locations l ON l.Source = $source AND l.ExternalId = m.id
                CROSS JOIN ServiceAtLocations a ON a.LocationId = l.Id CROSS JOIN Services s NOT INDEXED ON s.Id = a.ServiceId
                CROSS JOIN {Schema}.services f ON f.id = s.ExternalId
            WHERE m.type = '{SyncEngine.LocationType}' AND m.same = 0 AND s.Source = $source AND f.raw = 1) AS Value
        """;

    /// <summary>
    /// Marks the services of rows taken by their raw fingerprint clean (synced for the storing pass and withdrawal;
    /// they were counted as their rows were read). Run by a connection to the Directory's database with the scratch file
    /// attached (committed).
    /// </summary>
    public static string MarkRawServicesCleanSql { get; } = $"""
        INSERT OR IGNORE INTO {Schema}.clean (type, id) SELECT '{SyncEngine.ServiceType}', id FROM {Schema}.services WHERE raw = 1
        """;

    /// <summary>
    /// Marks the organizations and locations of the source that services of rows taken raw point to clean; the rows
    /// changed are the records counted unchanged (once each, whichever rows name them). As <see cref="MarkRawServicesCleanSql"/>;
    /// parameter <c>$source</c>.
    /// </summary>
    public static string MarkRawReferencesCleanSql { get; } = $"""
        INSERT OR IGNORE INTO {Schema}.clean (type, id)
        SELECT '{SyncEngine.OrganizationType}', o.ExternalId
        FROM {Schema}.services f CROSS JOIN Services s NOT INDEXED ON s.Id = f.key CROSS JOIN Organizations o NOT INDEXED ON o.Id = s.OrganizationId
        WHERE f.raw = 1 AND o.Source = $source AND o.ExternalId IS NOT NULL;
        INSERT OR IGNORE INTO {Schema}.clean (type, id)
        SELECT '{SyncEngine.LocationType}', l.ExternalId
        FROM {Schema}.services f CROSS JOIN ServiceAtLocations a ON a.ServiceId = f.key CROSS JOIN Locations l NOT INDEXED ON l.Id = a.LocationId
        WHERE f.raw = 1 AND l.Source = $source AND l.ExternalId IS NOT NULL;
        """;

    /// <summary>
    /// When every row was taken raw: how many organizations of the source the services of those rows point to (they
    /// are the organizations counted unchanged; nothing is written). As <see cref="MarkRawReferencesCleanSql"/>;
    /// parameter <c>$source</c>.
    /// </summary>
    public static string CountRawOrganizationsSql { get; } = $"""
        SELECT COUNT(DISTINCT o.Id) AS Value
        FROM {Schema}.services f CROSS JOIN Services s NOT INDEXED ON s.Id = f.key CROSS JOIN Organizations o NOT INDEXED ON o.Id = s.OrganizationId
        WHERE f.raw = 1 AND o.Source = $source AND o.ExternalId IS NOT NULL
        """;

    /// <summary>As <see cref="CountRawOrganizationsSql"/>, for the locations of the source.</summary>
    public static string CountRawLocationsSql { get; } = $"""
        SELECT COUNT(DISTINCT l.Id) AS Value
        FROM {Schema}.services f CROSS JOIN ServiceAtLocations a ON a.ServiceId = f.key CROSS JOIN Locations l NOT INDEXED ON l.Id = a.LocationId
        WHERE f.raw = 1 AND l.Source = $source AND l.ExternalId IS NOT NULL
        """;

    /// <summary>
    /// When every row was taken raw: whether the source has exactly as many current (not withdrawn) services,
    /// organizations and locations as those rows name (<c>$services</c>, <c>$organizations</c>, <c>$locations</c>,
    /// counted by <see cref="CountRawOrganizationsSql"/> and <see cref="CountRawLocationsSql"/>) and no current
    /// association. Every record a row taken raw names is a current record of the source (<see cref="CopyRawSql"/>
    /// takes no service that is withdrawn or points to a withdrawn record), so equal counts mean the same records:
    /// nothing is missing from the feed, and withdrawal has nothing to look for. Counts, instead of one anti-join per
    /// stored record against marks written for every record seen. Run by a connection to the Directory's database;
    /// parameter <c>$source</c> too.
    /// </summary>
    public static string NothingMissingSql { get; } = """
        SELECT (SELECT COUNT(*) FROM Services WHERE Source = $source AND ExternalId IS NOT NULL AND WithdrawnAt IS NULL) = $services
            AND (SELECT COUNT(*) FROM Organizations WHERE Source = $source AND ExternalId IS NOT NULL AND WithdrawnAt IS NULL) = $organizations
            AND (SELECT COUNT(*) FROM Locations WHERE Source = $source AND ExternalId IS NOT NULL AND WithdrawnAt IS NULL) = $locations
            AND NOT EXISTS (SELECT 1 FROM Associations WHERE Source = $source AND ExternalId IS NOT NULL AND WithdrawnAt IS NULL) AS Value
        """;

    /// <summary>
    /// The service whose stored raw fingerprint is this one and still stands for an unchanged row (see
    /// <see cref="CopyRawSql"/>), or null.
    /// </summary>
    public string? RawService(ReadOnlySpan<byte> fingerprint)
    {
        var find = _findRaw.Blob(1, fingerprint);
        try
        {
            return find.Step() ? find.String(0) : null;
        }
        finally
        {
            find.Reset();
        }
    }

    /// <summary>
    /// Takes a row as unchanged when its raw fingerprint stands for an unchanged row and its service id has no earlier
    /// row (it is then that id's first row); false otherwise (the row is then mapped and checked as any other, and
    /// rejected if it is a duplicate). One statement.
    /// </summary>
    public bool TakeRawRow(ReadOnlySpan<byte> fingerprint, int row) => _addRawService.Blob(1, fingerprint).Integer(2, row).Execute() == 1;

    /// <summary>A row that passed and whose raw fingerprint is to be stored with its service (by the storing pass or after it).</summary>
    public void AddRawFingerprint(string id, ReadOnlySpan<byte> fingerprint) => _addRawNew.Text(1, id).Blob(2, fingerprint).Execute();

    /// <summary>An organization or location named by a row that was mapped, and whether the row describes it as stored (kept false once false).</summary>
    public void AddMappedReference(string type, string id, bool same) => _addSlowRef.Text(1, type).Text(2, id).Integer(3, same ? 1 : 0).Execute();

    /// <summary>Forgets what a checking pass found (not what was copied from the database), so the pass can run again.</summary>
    public void ResetChecks() => Execute("""
        DELETE FROM services; DELETE FROM records; DELETE FROM rejected; DELETE FROM kept; DELETE FROM clean; DELETE FROM dirty;
        DELETE FROM rawnew; DELETE FROM slowrefs;
        """);

    /// <summary>Opens the read connection <see cref="Stored"/> looks records up with (a source that stored nothing needs none).</summary>
    public void OpenDatabase(string connectionString, string sourceId)
    {
        _database = new SqliteConnection(connectionString);
        _database.Open();
        foreach (var (type, table) in new[]
        {
            (SyncEngine.OrganizationType, "Organizations"),
            (SyncEngine.LocationType, "Locations"),
            (SyncEngine.ServiceType, "Services"),
            (SyncEngine.AssociationType, "Associations"),
        })
        {
            var statement = new RawStatement(_database, $"""
                SELECT e.Id, p.Fingerprint, e.WithdrawnAt IS NULL
                    AND NOT EXISTS (SELECT 1 FROM FieldProvenance f WHERE f.EntityType = ?2 AND f.EntityKey = CAST(e.Id AS TEXT) AND f.SetByKind = ?3)
                FROM "{table}" e LEFT JOIN RecordProvenance p ON p.EntityType = ?2 AND p.EntityKey = CAST(e.Id AS TEXT)
                WHERE e.Source = ?1 AND e.ExternalId = ?4
                """);
            statement.Text(1, sourceId).Text(2, type).Text(3, nameof(Directory.Model.Importing.ChangeAuthorKind.Person));
            _findStored[type] = statement;
        }
    }

    /// <summary>
    /// What the source stored under this id — its key, its fingerprint, and whether it is current (not withdrawn, no
    /// field set by a person) — read from the Directory's database; null when it stored nothing under it.
    /// </summary>
    public StoredRecord? Stored(string type, string id)
    {
        if (_database is null)
        {
            return null;
        }

        var find = _findStored[type].Text(4, id);
        try
        {
            return find.Step() ? new StoredRecord((int)find.Int64(0), find.IsNull(1) ? null : find.Bytes(1).ToArray(), find.Int64(2) != 0) : null;
        }
        finally
        {
            find.Reset();
        }
    }

    /// <summary>A record the checking pass found unchanged (counted there): the storing pass and withdrawal treat it as synced.</summary>
    public void MarkClean(string type, string id) => _addClean.Text(1, type).Text(2, id).Execute();

    public bool IsClean(string type, string id) => Single(_isClean.Text(1, type).Text(2, id), out _);

    /// <summary>A row that passed the check and names a record that is new or differs from the stored one: the storing pass reads it.</summary>
    public void MarkDirty(int row) => _addDirty.Integer(1, row).Execute();

    public bool IsDirty(int row) => Single(_isDirty.Integer(1, row), out _);

    public void Dispose()
    {
        if (_inTransaction)
        {
            Execute("ROLLBACK");
        }

        _statements.ForEach(s => s.Dispose());
        foreach (var statement in _findStored.Values)
        {
            statement.Dispose();
        }

        _database?.Dispose();
        _connection.Dispose();
    }

    /// <summary>Runs a one-column query: true (with the value) when it returns a row.</summary>
    private static bool Single(RawStatement statement, out long value)
    {
        try
        {
            var found = statement.Step();
            value = found ? statement.Int64(0) : 0;
            return found;
        }
        finally
        {
            statement.Reset();
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private RawStatement Prepare(string sql)
    {
        var statement = new RawStatement(_connection, sql);
        _statements.Add(statement);
        return statement;
    }
}
