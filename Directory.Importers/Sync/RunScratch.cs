using Microsoft.Data.Sqlite;

namespace Directory.Importers.Sync;

/// <summary>
/// What one run has to remember about every record of its feed, kept on disk so memory does not grow with the
/// feed: the first row of each service id (duplicates), the first version of each organization and location (a
/// later row may not describe them differently), the rows rejected, the ids to keep as they are, and the records
/// already synced. Scratch SQLite files in the run's work folder: this connection writes <see cref="Path"/> while
/// checking and reads it while storing; the sync connection attaches it as <see cref="Schema"/> (and only reads it)
/// and keeps the records it has synced in a file of its own, <see cref="SyncedPath"/>, so the two connections never
/// wait on each other's write locks.
/// </summary>
public sealed class RunScratch : IDisposable
{
    /// <summary>Name under which the sync connection attaches the scratch file.</summary>
    public const string Schema = "run";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _findService;
    private readonly SqliteCommand _addService;
    private readonly SqliteCommand _findRecord;
    private readonly SqliteCommand _addRecord;
    private readonly SqliteCommand _addRejected;
    private readonly SqliteCommand _isRejected;
    private readonly SqliteCommand _addKept;
    private readonly List<SqliteCommand> _commands = [];
    private SqliteTransaction? _transaction;

    public RunScratch(string path)
    {
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            CREATE TABLE services (id TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE records (type TEXT NOT NULL, id TEXT NOT NULL, row INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (type, id)) WITHOUT ROWID;
            CREATE TABLE rejected (row INTEGER PRIMARY KEY);
            CREATE TABLE kept (id TEXT PRIMARY KEY) WITHOUT ROWID;
            """);
        _findService = Prepare("SELECT row FROM services WHERE id = $id", "$id");
        _addService = Prepare("INSERT INTO services (id, row) VALUES ($id, $row)", "$id", "$row");
        _findRecord = Prepare("SELECT row, json FROM records WHERE type = $type AND id = $id", "$type", "$id");
        _addRecord = Prepare("INSERT INTO records (type, id, row, json) VALUES ($type, $id, $row, $json)", "$type", "$id", "$row", "$json");
        _addRejected = Prepare("INSERT OR IGNORE INTO rejected (row) VALUES ($row)", "$row");
        _isRejected = Prepare("SELECT 1 FROM rejected WHERE row = $row", "$row");
        _addKept = Prepare("INSERT OR IGNORE INTO kept (id) VALUES ($id)", "$id");
    }

    /// <summary>The scratch file.</summary>
    public string Path { get; }

    /// <summary>The file of records synced by this run, written by the sync connection only.</summary>
    public string SyncedPath => Path + "-synced";

    /// <summary>Writes of the checking pass go in one transaction (much faster); <see cref="EndWrites"/> commits it.</summary>
    public void BeginWrites()
    {
        _transaction = _connection.BeginTransaction();
        foreach (var command in _commands)
        {
            command.Transaction = _transaction;
        }
    }

    public void EndWrites()
    {
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
        _commands.ForEach(c => c.Transaction = null);
    }

    /// <summary>The row where the service id was first seen, or null (then this row is remembered as the first).</summary>
    public int? FirstServiceRow(string id, int row)
    {
        _findService.Parameters[0].Value = id;
        if (_findService.ExecuteScalar() is long first)
        {
            return (int)first;
        }

        _addService.Parameters[0].Value = id;
        _addService.Parameters[1].Value = row;
        _addService.ExecuteNonQuery();
        return null;
    }

    /// <summary>The first row and serialized form of an organization or location, or null (then this one is remembered).</summary>
    public (int Row, string Json)? FirstRecord(string type, string id, int row, string json)
    {
        _findRecord.Parameters[0].Value = type;
        _findRecord.Parameters[1].Value = id;
        using (var reader = _findRecord.ExecuteReader())
        {
            if (reader.Read())
            {
                return (reader.GetInt32(0), reader.GetString(1));
            }
        }

        _addRecord.Parameters[0].Value = type;
        _addRecord.Parameters[1].Value = id;
        _addRecord.Parameters[2].Value = row;
        _addRecord.Parameters[3].Value = json;
        _addRecord.ExecuteNonQuery();
        return null;
    }

    public void Reject(int row)
    {
        _addRejected.Parameters[0].Value = row;
        _addRejected.ExecuteNonQuery();
    }

    public bool IsRejected(int row)
    {
        _isRejected.Parameters[0].Value = row;
        return _isRejected.ExecuteScalar() is not null;
    }

    /// <summary>An id named by a rejected row: the stored record keeps its state and is not withdrawn.</summary>
    public void Keep(string id)
    {
        _addKept.Parameters[0].Value = id;
        _addKept.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        _commands.ForEach(c => c.Dispose());
        _connection.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        _commands.Add(command);
        return command;
    }
}
