using Microsoft.Data.Sqlite;

namespace Directory.Importers.Sync;

/// <summary>
/// What one run has to remember about every record of its feed, kept on disk so memory does not grow with the
/// feed: the first row of each service id (duplicates), a hash of the first description of each organization and
/// location (a later row may not describe them differently), the rows rejected, the ids to keep as they are, what
/// the source stored (copied in by <see cref="CopyStoredSql"/>), the records the checking pass found unchanged and
/// the rows it found dirty, and the records already synced. Scratch SQLite files in the run's work folder: this
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
    private readonly RawStatement _findService;
    private readonly RawStatement _addService;
    private readonly RawStatement _findRecord;
    private readonly RawStatement _addRecord;
    private readonly RawStatement _addRejected;
    private readonly RawStatement _isRejected;
    private readonly RawStatement _addKept;
    private readonly RawStatement _findStored;
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
            CREATE TABLE services (id TEXT PRIMARY KEY, row INTEGER NOT NULL, raw INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
            CREATE TABLE records (type TEXT NOT NULL, id TEXT NOT NULL, row INTEGER NOT NULL, description BLOB NOT NULL, PRIMARY KEY (type, id)) WITHOUT ROWID;
            CREATE TABLE rejected (row INTEGER PRIMARY KEY);
            CREATE TABLE kept (id TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE stored (type TEXT NOT NULL, id TEXT NOT NULL, key INTEGER NOT NULL, fingerprint BLOB, current INTEGER NOT NULL,
                raw BLOB, rawrun INTEGER, lastrun INTEGER, PRIMARY KEY (type, id)) WITHOUT ROWID;
            CREATE TABLE refs (service TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (service, type, id)) WITHOUT ROWID;
            CREATE TABLE raw (fingerprint BLOB PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
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
        _findStored = Prepare("SELECT key, fingerprint, current FROM stored WHERE type = ?1 AND id = ?2");
        _addClean = Prepare("INSERT OR IGNORE INTO clean (type, id) VALUES (?1, ?2)");
        _isClean = Prepare("SELECT 1 FROM clean WHERE type = ?1 AND id = ?2");
        _addDirty = Prepare("INSERT OR IGNORE INTO dirty (row) VALUES (?1)");
        _isDirty = Prepare("SELECT 1 FROM dirty WHERE row = ?1");
        _findRaw = Prepare("SELECT id FROM raw WHERE fingerprint = ?1");
        _addRawService = Prepare("INSERT OR IGNORE INTO services (id, row, raw) VALUES (?1, ?2, 1)");
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
    /// what the checking pass needs to know of every record the source stored: kind, external id, key, fingerprint,
    /// whether it is current (not withdrawn, no field set by a person), its raw fingerprint with the run that stored it,
    /// and the last run that changed it; then, for the services with a raw fingerprint, the organization and locations
    /// of the source they point to (<c>refs</c>), and the raw fingerprints that still stand for an unchanged row
    /// (<c>raw</c>): the service is current, and so is each record it points to, none changed after the raw fingerprint
    /// was stored. One batch of statements, run before the checking pass by a connection to the Directory's database;
    /// parameters <c>$source</c> and <c>$person</c>. The joins from services are written as <c>CROSS JOIN</c>, which
    /// SQLite keeps in the order written: without statistics its planner read every location of the source for each
    /// service.
    /// </summary>
    public static string CopyStoredSql { get; } = string.Join("\n", new[]
    {
        (SyncEngine.OrganizationType, "Organizations"),
        (SyncEngine.LocationType, "Locations"),
        (SyncEngine.ServiceType, "Services"),
        (SyncEngine.AssociationType, "Associations"),
    }.Select(t => $"""
        INSERT OR IGNORE INTO {Schema}.stored (type, id, key, fingerprint, current, raw, rawrun, lastrun)
        SELECT '{t.Item1}', e.ExternalId, e.Id, p.Fingerprint, e.WithdrawnAt IS NULL
            AND NOT EXISTS (SELECT 1 FROM FieldProvenance f WHERE f.EntityType = '{t.Item1}' AND f.EntityKey = CAST(e.Id AS TEXT) AND f.SetByKind = $person),
            p.RawFingerprint, p.RawRunId, p.LastRunId
        FROM "{t.Item2}" e LEFT JOIN RecordProvenance p ON p.EntityType = '{t.Item1}' AND p.EntityKey = CAST(e.Id AS TEXT)
        WHERE e.Source = $source AND e.ExternalId IS NOT NULL;
        """).Append($"""
        INSERT OR IGNORE INTO {Schema}.refs (service, type, id)
        SELECT s.ExternalId, '{SyncEngine.OrganizationType}', o.ExternalId
        FROM Services s CROSS JOIN RecordProvenance p ON p.EntityType = '{SyncEngine.ServiceType}' AND p.EntityKey = CAST(s.Id AS TEXT)
            CROSS JOIN Organizations o NOT INDEXED ON o.Id = s.OrganizationId
        WHERE s.Source = $source AND s.ExternalId IS NOT NULL AND p.RawFingerprint IS NOT NULL AND o.Source = $source AND o.ExternalId IS NOT NULL;
        INSERT OR IGNORE INTO {Schema}.refs (service, type, id)
        SELECT s.ExternalId, '{SyncEngine.LocationType}', l.ExternalId
        FROM Services s CROSS JOIN RecordProvenance p ON p.EntityType = '{SyncEngine.ServiceType}' AND p.EntityKey = CAST(s.Id AS TEXT)
            CROSS JOIN ServiceAtLocations a ON a.ServiceId = s.Id CROSS JOIN Locations l NOT INDEXED ON l.Id = a.LocationId
        WHERE s.Source = $source AND s.ExternalId IS NOT NULL AND p.RawFingerprint IS NOT NULL AND l.Source = $source AND l.ExternalId IS NOT NULL;
        INSERT OR IGNORE INTO {Schema}.raw (fingerprint, id)
        SELECT s.raw, s.id FROM {Schema}.stored s
        WHERE s.type = '{SyncEngine.ServiceType}' AND s.raw IS NOT NULL AND s.rawrun IS NOT NULL AND s.current AND s.fingerprint IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM {Schema}.refs r LEFT JOIN {Schema}.stored d ON d.type = r.type AND d.id = r.id
                WHERE r.service = s.id AND (d.id IS NULL OR NOT d.current OR d.fingerprint IS NULL OR d.lastrun IS NULL OR d.lastrun > s.rawrun));
        """));

    /// <summary>
    /// The service whose stored raw fingerprint is this one and still stands for an unchanged row (see
    /// <see cref="CopyStoredSql"/>), or null.
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
    /// Takes a row as the first of its service id, recognised by its raw fingerprint; false when an earlier row has
    /// the id (then the row is checked as any other, and rejected as a duplicate).
    /// </summary>
    public bool FirstRawServiceRow(string id, int row) => _addRawService.Text(1, id).Integer(2, row).Execute() == 1;

    /// <summary>A row that passed and whose raw fingerprint is to be stored with its service (by the storing pass or after it).</summary>
    public void AddRawFingerprint(string id, ReadOnlySpan<byte> fingerprint) => _addRawNew.Text(1, id).Blob(2, fingerprint).Execute();

    /// <summary>An organization or location named by a row that was mapped, and whether the row describes it as stored (kept false once false).</summary>
    public void AddMappedReference(string type, string id, bool same) => _addSlowRef.Text(1, type).Text(2, id).Integer(3, same ? 1 : 0).Execute();

    /// <summary>
    /// Whether a mapped row describes a record otherwise than stored while a row taken by its raw fingerprint names
    /// it too: then the run has to check every row again, mapped, in order (the first description wins).
    /// </summary>
    public bool RawRowsConflict()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM services f JOIN refs r ON r.service = f.id JOIN slowrefs m ON m.type = r.type AND m.id = r.id
                WHERE f.raw = 1 AND m.same = 0)
            """;
        return command.ExecuteScalar() is 1L;
    }

    /// <summary>
    /// Marks the services of rows taken by their raw fingerprint, and the organizations and locations they point to,
    /// unchanged (synced for the storing pass and withdrawal); returns how many organizations and locations were not
    /// marked yet (the services were counted as their rows were read).
    /// </summary>
    public int MarkRawRowsClean()
    {
        Execute($"INSERT OR IGNORE INTO clean (type, id) SELECT '{SyncEngine.ServiceType}', id FROM services WHERE raw = 1");
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO clean (type, id) SELECT r.type, r.id FROM services f JOIN refs r ON r.service = f.id WHERE f.raw = 1";
        return command.ExecuteNonQuery();
    }

    /// <summary>Forgets what a checking pass found (not what was copied from the database), so the pass can run again.</summary>
    public void ResetChecks() => Execute("""
        DELETE FROM services; DELETE FROM records; DELETE FROM rejected; DELETE FROM kept; DELETE FROM clean; DELETE FROM dirty;
        DELETE FROM rawnew; DELETE FROM slowrefs;
        """);

    /// <summary>What the source stored under this id (copied by <see cref="CopyStoredSql"/>), or null when it stored nothing.</summary>
    public StoredRecord? Stored(string type, string id)
    {
        var find = _findStored.Text(1, type).Text(2, id);
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
