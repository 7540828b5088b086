using System.Globalization;
using Directory.Model.Associations;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Importing;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Directory.Importers.Sync;

/// <summary>Counts and examples of what a run did (or, dry, would do).</summary>
public sealed class SyncReport
{
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Withdrawn { get; set; }
    public int Restored { get; set; }
    public int Protected { get; set; }

    /// <summary>Rows written to the database (records, change log, provenance); 0 when nothing changed.</summary>
    public int RowsWritten { get; set; }

    /// <summary>Why withdrawal was skipped, when it was.</summary>
    public string? Note { get; set; }

    public List<string> Examples { get; private init; } = [];

    internal SyncReport Copy() => new()
    {
        Created = Created,
        Updated = Updated,
        Unchanged = Unchanged,
        Withdrawn = Withdrawn,
        Restored = Restored,
        Protected = Protected,
        RowsWritten = RowsWritten,
        Note = Note,
        Examples = [.. Examples],
    };
}

/// <summary>
/// One batch of a run's records, matched and ready to store: the records of a few feed rows (organizations and
/// locations come along with the services that name them). A run is a sequence of batches.
/// </summary>
public sealed class PreparedFeed
{
    public Dictionary<string, ImportedOrganization> Organizations { get; } = new(StringComparer.Ordinal);
    /// <summary>Locations by id, with the comune matched and the organization of the service that lists them (null: the source's owner).</summary>
    public Dictionary<string, (ImportedLocation Record, MatchedComune Comune, string? OrganizationExternalId)> Locations { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ImportedService> Services { get; } = new(StringComparer.Ordinal);
    /// <summary>Associations by id; their headquarters are among <see cref="Locations"/>.</summary>
    public Dictionary<string, ImportedAssociation> Associations { get; } = new(StringComparer.Ordinal);

    /// <summary>Feed rows the batch holds.</summary>
    public int Rows { get; set; }
}

/// <summary>
/// Stores a run's records batch by batch: an idempotent upsert keyed by (source, external id), writing only fields
/// whose value differs, with a change-log entry and field provenance per change; at the end withdraws records a full
/// feed no longer lists and restores those that come back. Precedence rule: a field whose provenance is a person is
/// not overwritten. Nothing is held per record between batches: the records synced so far are marked in the run's
/// scratch files of the run (see <see cref="RunScratch"/>), and withdrawal is a query against them.
/// </summary>
/// <remarks>
/// Fast paths, same outcome: a record whose content fingerprint (see <see cref="Fingerprints"/>) equals the one
/// stored with its provenance, which is not withdrawn and has no field a person set, is counted unchanged from a
/// no-tracking lookup of those values, without loading it; only the others are loaded and compared. Brand-new records
/// (with their phones, categories, places and hours, change-log entry and provenance) are inserted with prepared
/// commands (see <see cref="RowInserter"/>); updates, restores and withdrawals go through the change tracker.
/// </remarks>
public sealed partial class SyncEngine(DirectoryDbContext db, ImportOptions options, TimeProvider clock) : IAsyncDisposable
{
    internal const string OrganizationType = "Organization";
    internal const string ServiceType = "Service";
    internal const string LocationType = "Location";
    internal const string RecordField = "record";

    // Per batch only: ids of the organizations and locations the batch's records point to.
    private readonly Dictionary<string, int> _organizationIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _locationIds = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _locationExternalIds = [];
    private Dictionary<string, int> _categoryIds = [];
    private Dictionary<int, string> _categoryCodes = [];

    private ImportSource _source = null!;
    private string _sourceId = "";
    private int _runId;
    private bool _dryRun;
    private DateTime _now;
    private SyncReport _report = new();
    private Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? _dryTransaction;
    private long _synchronous = 2;
    private long _cacheSize = -2000;
    private long _tempStore;
    private RowInserter? _inserter;
    private bool _opened;
    private bool _settingsSaved;
    private bool _attachedRun;
    private bool _attachedSeen;
    private readonly List<CreatedRecord> _created = [];
    private RawStatement? _createdLog;
    private RawStatement? _createdProvenance;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    /// <summary>What the run has done so far; read after a failure for the counts of committed batches.</summary>
    public SyncReport Report => _report;

    /// <summary>Everything a change needs to be applied and recorded.</summary>
    private sealed record Change(string Field, string? OldValue, string? NewValue, Action Apply);

    /// <summary>
    /// Starts a run: keeps the connection open with the scratch file attached, and for a dry run opens the one
    /// transaction every batch goes into (rolled back at the end).
    /// </summary>
    public async Task BeginAsync(ImportSource source, int runId, RunScratch scratch, bool dryRun, CancellationToken cancellationToken)
    {
        (_source, _sourceId, _runId, _dryRun) = (source, source.Id, runId, dryRun);
        _now = clock.GetUtcNow().UtcDateTime;
        _report = new SyncReport();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        // A batch that fails rolls back whole: a savepoint per SaveChanges buys nothing, and each one makes FTS5 write
        // what it holds as a segment of its own.
        db.Database.AutoSavepointsEnabled = false;
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Code }).ToListAsync(cancellationToken).ConfigureAwait(false);
        _categoryIds = categories.ToDictionary(c => c.Code, c => c.Id, StringComparer.Ordinal);
        _categoryCodes = categories.ToDictionary(c => c.Id, c => c.Code);
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        _opened = true;
        // Under WAL, NORMAL keeps the database consistent after a crash (a power cut may lose the last commits, which
        // a rerun brings back) and does not sync the log at every commit. Restored when the run ends (pooled connection).
        _synchronous = await PragmaAsync("PRAGMA main.synchronous", cancellationToken).ConfigureAwait(false);
        _cacheSize = await PragmaAsync("PRAGMA main.cache_size", cancellationToken).ConfigureAwait(false);
        _tempStore = await PragmaAsync("PRAGMA temp_store", cancellationToken).ConfigureAwait(false);
        _settingsSaved = true;
        await db.Database.ExecuteSqlRawAsync("PRAGMA main.synchronous = NORMAL", cancellationToken).ConfigureAwait(false);
        // Statement journals (an insert whose triggers write, a full-text refresh) and temporary b-trees in memory:
        // in files (SQLite's default) each batch wrote and read back tens of thousands of pages of /var/tmp.
        await db.Database.ExecuteSqlRawAsync("PRAGMA temp_store = MEMORY", cancellationToken).ConfigureAwait(false);
        if (options.CacheSizeKiB > 0)
        {
            await db.Database.ExecuteSqlRawAsync(FormattableString.Invariant($"PRAGMA main.cache_size = {-(long)options.CacheSizeKiB}"), cancellationToken).ConfigureAwait(false);
        }

        await db.Database.ExecuteSqlAsync($"ATTACH DATABASE {scratch.Path} AS run", cancellationToken).ConfigureAwait(false);
        _attachedRun = true;
        await db.Database.ExecuteSqlAsync($"ATTACH DATABASE {scratch.SyncedPath} AS seen", cancellationToken).ConfigureAwait(false);
        _attachedSeen = true;
        await db.Database.ExecuteSqlRawAsync("PRAGMA seen.synchronous = OFF", cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE seen.synced (type TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (type, id)) WITHOUT ROWID", cancellationToken).ConfigureAwait(false);
        _dryTransaction = dryRun ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        _inserter = new RowInserter(db, clock);
    }

    /// <summary>The value of a pragma of the run's connection.</summary>
    private async Task<long> PragmaAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Stores one batch in its own transaction (a dry run: in the run's transaction).</summary>
    public Task ApplyBatchAsync(PreparedFeed batch, CancellationToken cancellationToken) =>
        InBatchAsync(async () =>
        {
            _organizationIds.Clear();
            _locationIds.Clear();
            _locationExternalIds.Clear();
            foreach (var chunk in batch.Organizations.Values.Chunk(options.BatchSize))
            {
                await SyncOrganizationsAsync(chunk, cancellationToken).ConfigureAwait(false);
            }

            foreach (var chunk in batch.Locations.Values.Chunk(options.BatchSize))
            {
                await SyncLocationsAsync(chunk, cancellationToken).ConfigureAwait(false);
            }

            foreach (var chunk in batch.Services.Values.Chunk(options.BatchSize))
            {
                await SyncServicesAsync(chunk, cancellationToken).ConfigureAwait(false);
            }

            // After the locations: an association's headquarters is one of them.
            foreach (var chunk in batch.Associations.Values.Chunk(options.BatchSize))
            {
                await SyncAssociationsAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <summary>
    /// Ends a run whose batches all went in: stores the raw fingerprints of rows the storing pass did not store them
    /// with (see <see cref="StoreRawFingerprintsAsync"/>), withdraws what a full feed no longer lists (unless something says it
    /// cannot be trusted to), then rolls a dry run back.
    /// </summary>
    /// <param name="hasAnonymousRejections">Some rejected row had no id: nothing can be withdrawn safely.</param>
    /// <param name="anyValidRecord">The feed held a valid record.</param>
    /// <param name="rawFingerprints">Some rows passed whose raw fingerprints are to be stored.</param>
    /// <param name="nothingToWithdraw">
    /// The checking pass found that every current record of the source is named by the feed (every row taken raw, see
    /// <see cref="RunScratch.NothingMissingSql"/>): withdrawal has nothing to look for (and nothing was marked for it).
    /// </param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<SyncReport> FinishAsync(bool hasAnonymousRejections, bool anyValidRecord, bool rawFingerprints, bool nothingToWithdraw, CancellationToken cancellationToken)
    {
        if (rawFingerprints)
        {
            await InBatchAsync(() => StoreRawFingerprintsAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        if (!_source.IsFullFeed)
        {
            _report.Note = "not a full feed: nothing withdrawn";
        }
        else if (hasAnonymousRejections)
        {
            _report.Note = "some rejected rows had no id: nothing withdrawn this run";
        }
        else if (!anyValidRecord)
        {
            _report.Note = "the feed held no valid record: nothing withdrawn";
        }
        else if (!nothingToWithdraw)
        {
            await InBatchAsync(() => WithdrawMissingAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        await EndAsync().ConfigureAwait(false);
        return _report;
    }

    /// <summary>Rolls back a dry run's transaction and detaches the scratch file (also after a failure).</summary>
    public async ValueTask DisposeAsync() => await EndAsync().ConfigureAwait(false);

    private async Task EndAsync()
    {
        if (_dryTransaction is not null)
        {
            await _dryTransaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            await _dryTransaction.DisposeAsync().ConfigureAwait(false);
            _dryTransaction = null;
        }

        db.ChangeTracker.Clear();
        db.Database.AutoSavepointsEnabled = true;
        _inserter?.Dispose();
        _inserter = null;
        _createdLog?.Dispose();
        _createdLog = null;
        _createdProvenance?.Dispose();
        _createdProvenance = null;
        _created.Clear();
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        // Undo only what BeginAsync got to do: a failure half-way (e.g. a scratch file that cannot be attached) must surface
        // as itself, not as "no such database" from undoing a step that never happened.
        if (_opened && db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
        {
            if (_attachedRun)
            {
                await db.Database.ExecuteSqlRawAsync("DETACH DATABASE run", CancellationToken.None).ConfigureAwait(false);
            }

            if (_attachedSeen)
            {
                await db.Database.ExecuteSqlRawAsync("DETACH DATABASE seen", CancellationToken.None).ConfigureAwait(false);
            }

            (_attachedRun, _attachedSeen, _opened) = (false, false, false);
            if (!_settingsSaved)
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
                return;
            }

            _settingsSaved = false;
            await db.Database.ExecuteSqlRawAsync(_synchronous switch
            {
                0 => "PRAGMA main.synchronous = OFF",
                1 => "PRAGMA main.synchronous = NORMAL",
                3 => "PRAGMA main.synchronous = EXTRA",
                _ => "PRAGMA main.synchronous = FULL",
            }, CancellationToken.None).ConfigureAwait(false);
            await db.Database.ExecuteSqlRawAsync(FormattableString.Invariant($"PRAGMA main.cache_size = {_cacheSize}; PRAGMA temp_store = {_tempStore}"), CancellationToken.None).ConfigureAwait(false);
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private async Task InBatchAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        if (_dryRun)
        {
            await work().ConfigureAwait(false);
            await StoreCreatedAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(cancellationToken, refresh: true).ConfigureAwait(false);
            return;
        }

        // A batch that fails rolls back whole; the report then counts only the batches committed before it.
        var committed = _report.Copy();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await work().ConfigureAwait(false);
            await StoreCreatedAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(cancellationToken, refresh: true).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _report = committed;
            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
            _created.Clear();
        }
    }

    /// <summary>
    /// Saves what the change tracker holds, if anything (the search index interceptor then refreshes the full-text
    /// index); at the end of a batch (<paramref name="refresh"/>) brings the full-text index up to date with everything
    /// the batch wrote, also the rows inserted past the change tracker, in the batch's transaction.
    /// </summary>
    /// <remarks>
    /// A batch that only inserts (a first import) therefore refreshes the index once, just before it commits: FTS5
    /// writes what it holds as a new segment whenever a statement opens a savepoint (every insert whose triggers write
    /// does), so a refresh in the middle of a batch cost a segment more, and more merging, per batch.
    /// </remarks>
    private async Task SaveAsync(CancellationToken cancellationToken, bool refresh = false)
    {
        if (db.ChangeTracker.HasChanges())
        {
            _report.RowsWritten += await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        if (refresh)
        {
            await Directory.Model.Search.SqliteTextSearch.RefreshAsync(db, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- organizations ----

    private async Task SyncOrganizationsAsync(ImportedOrganization[] batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.ExternalId).ToList();
        var synced = await SyncedAsync(OrganizationType, ids, cancellationToken).ConfigureAwait(false);
        var stored = await ProbeAsync(OrganizationType, "Organizations", ids, cancellationToken).ConfigureAwait(false);
        var changed = new List<(ImportedOrganization Record, byte[] Fingerprint)>();
        foreach (var record in batch)
        {
            if (synced.Contains(record.ExternalId))
            {
                // An earlier batch of this run stored it already.
                _organizationIds[record.ExternalId] = stored[record.ExternalId].Id;
                continue;
            }

            var fingerprint = Fingerprints.Of(record);
            if (IsUnchanged(stored, record.ExternalId, fingerprint) is { } id)
            {
                _organizationIds[record.ExternalId] = id;
                continue;
            }

            changed.Add((record, fingerprint));
        }

        if (changed.Count > 0)
        {
            var changedIds = changed.Select(c => c.Record.ExternalId).ToList();
            var existing = await db.Organizations.AsTracking().Include(o => o.Phones)
                .Where(o => o.Source == _sourceId && changedIds.Contains(o.ExternalId!))
                .ToDictionaryAsync(o => o.ExternalId!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            var state = await LoadStateAsync(OrganizationType, existing.Values.Select(o => o.Id), cancellationToken).ConfigureAwait(false);
            foreach (var (record, fingerprint) in changed)
            {
                if (!existing.TryGetValue(record.ExternalId, out var entity))
                {
                    entity = new Organization { Source = _sourceId, ExternalId = record.ExternalId, Kind = record.Kind ?? OrganizationKind.Other };
                    ApplyAll(OrganizationChanges(entity, record));
                    var id = Insert(entity);
                    InsertAll(entity.Phones, p => p.OrganizationId = id);
                    _organizationIds[record.ExternalId] = id;
                    RecordCreated(OrganizationType, id, record.ExternalId, fingerprint);
                    continue;
                }

                _organizationIds[record.ExternalId] = entity.Id;
                Reconcile(OrganizationType, entity.Id, record.ExternalId, entity, OrganizationChanges(entity, record), state, fingerprint);
            }

            await SaveAsync(cancellationToken).ConfigureAwait(false);
        }

        await MarkSyncedAsync(OrganizationType, ids.Where(id => !synced.Contains(id)), cancellationToken).ConfigureAwait(false);
    }

    private List<Change> OrganizationChanges(Organization o, ImportedOrganization r)
    {
        var changes = new List<Change>();
        Compare(changes, "name", o.Name, r.Name, () => o.Name = r.Name);
        Compare(changes, "alternateName", o.AlternateName, r.AlternateName, () => o.AlternateName = r.AlternateName);
        Compare(changes, "description", o.Description, r.Description, () => o.Description = r.Description);
        Compare(changes, "website", o.Website, r.Website, () => o.Website = r.Website);
        Compare(changes, "email", o.Email, r.Email, () => o.Email = r.Email);
        Compare(changes, "taxId", o.TaxId, r.TaxId, () => o.TaxId = r.TaxId);
        if (r.Kind is { } kind)
        {
            Compare(changes, "kind", o.Kind.ToString(), kind.ToString(), () => o.Kind = kind);
        }

        Compare(changes, "phones", Phones(o.Phones), Phones(r.Phones), () => ReplacePhones(o.Phones, r.Phones, p => p.OrganizationId = o.Id));
        return changes;
    }

    // ---- locations ----

    private async Task SyncLocationsAsync((ImportedLocation Record, MatchedComune Comune, string? OrganizationExternalId)[] batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.Record.ExternalId).ToList();
        var synced = await SyncedAsync(LocationType, ids, cancellationToken).ConfigureAwait(false);
        var stored = await ProbeAsync(LocationType, "Locations", ids, cancellationToken).ConfigureAwait(false);
        var changed = new List<(ImportedLocation Record, MatchedComune Comune, int? OrganizationId, byte[] Fingerprint)>();
        foreach (var (record, comune, organization) in batch)
        {
            if (synced.Contains(record.ExternalId))
            {
                // The first row listing a shared location describes it (and its organization) for the whole run.
                Remember(record.ExternalId, stored[record.ExternalId].Id);
                continue;
            }

            var organizationId = organization is null ? _source.OwnerOrganizationId : _organizationIds[organization];
            var fingerprint = Fingerprints.Of(record, comune, organizationId);
            if (IsUnchanged(stored, record.ExternalId, fingerprint) is { } id)
            {
                Remember(record.ExternalId, id);
                continue;
            }

            changed.Add((record, comune, organizationId, fingerprint));
        }

        if (changed.Count > 0)
        {
            var changedIds = changed.Select(c => c.Record.ExternalId).ToList();
            var existing = await db.Locations.AsTracking().Include(l => l.Phones)
                .Where(l => l.Source == _sourceId && changedIds.Contains(l.ExternalId!))
                .ToDictionaryAsync(l => l.ExternalId!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            var state = await LoadStateAsync(LocationType, existing.Values.Select(l => l.Id), cancellationToken).ConfigureAwait(false);
            foreach (var (record, comune, organizationId, fingerprint) in changed)
            {
                if (!existing.TryGetValue(record.ExternalId, out var entity))
                {
                    entity = new Location { Source = _sourceId, ExternalId = record.ExternalId };
                    ApplyAll(LocationChanges(entity, record, comune, organizationId));
                    var id = Insert(entity);
                    InsertAll(entity.Phones, p => p.LocationId = id);
                    Remember(record.ExternalId, id);
                    RecordCreated(LocationType, id, record.ExternalId, fingerprint);
                    continue;
                }

                Remember(record.ExternalId, entity.Id);
                Reconcile(LocationType, entity.Id, record.ExternalId, entity, LocationChanges(entity, record, comune, organizationId), state, fingerprint);
            }

            await SaveAsync(cancellationToken).ConfigureAwait(false);
        }

        await MarkSyncedAsync(LocationType, ids.Where(id => !synced.Contains(id)), cancellationToken).ConfigureAwait(false);
    }

    private void Remember(string externalId, int id)
    {
        _locationIds[externalId] = id;
        _locationExternalIds[id] = externalId;
    }

    private List<Change> LocationChanges(Location l, ImportedLocation r, MatchedComune comune, int? organizationId)
    {
        var changes = new List<Change>();
        // Coordinates from the feed are exact; without them the comune's centroid stands in, and says so.
        var (latitude, longitude, quality) = r.Latitude is { } lat && r.Longitude is { } lon
            ? (lat, lon, CoordinateQuality.Exact)
            : comune.Latitude is { } clat && comune.Longitude is { } clon
                ? (clat, clon, CoordinateQuality.ComuneCentroid)
                : ((double?)null, (double?)null, CoordinateQuality.Unknown);
        Compare(changes, "organization", Text(l.OrganizationId), Text(organizationId), () => l.OrganizationId = organizationId);
        Compare(changes, "name", l.Name, r.Name, () => l.Name = r.Name);
        Compare(changes, "description", l.Description, r.Description, () => l.Description = r.Description);
        Compare(changes, "addressLine1", l.AddressLine1, r.AddressLine1, () => l.AddressLine1 = r.AddressLine1);
        Compare(changes, "addressLine2", l.AddressLine2, r.AddressLine2, () => l.AddressLine2 = r.AddressLine2);
        Compare(changes, "postalCode", l.PostalCode, r.PostalCode, () => l.PostalCode = r.PostalCode);
        Compare(changes, "comune", l.ComuneIstatCode, comune.IstatCode, () => l.ComuneIstatCode = comune.IstatCode);
        Compare(changes, "latitude", Text(l.Latitude), Text(latitude), () => l.Latitude = latitude);
        Compare(changes, "longitude", Text(l.Longitude), Text(longitude), () => l.Longitude = longitude);
        Compare(changes, "coordinateQuality", l.CoordinateQuality.ToString(), quality.ToString(), () => l.CoordinateQuality = quality);
        Compare(changes, "transportation", l.Transportation, r.Transportation, () => l.Transportation = r.Transportation);
        Compare(changes, "phones", Phones(l.Phones), Phones(r.Phones), () => ReplacePhones(l.Phones, r.Phones, p => p.LocationId = l.Id));
        return changes;
    }

    // ---- services ----

    private async Task SyncServicesAsync(ImportedService[] batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.ExternalId).ToList();
        var clean = await SyncedAsync(ServiceType, ids, cancellationToken).ConfigureAwait(false);
        var stored = await ProbeAsync(ServiceType, "Services", ids, cancellationToken).ConfigureAwait(false);
        var changed = new List<(ImportedService Record, int OrganizationId, byte[] Fingerprint)>();
        foreach (var record in batch.Where(r => !clean.Contains(r.ExternalId)))
        {
            var organizationId = record.Organization is { } organization ? _organizationIds[organization.ExternalId] : _source.OwnerOrganizationId!.Value;
            var fingerprint = Fingerprints.Of(record, organizationId);
            if (IsUnchanged(stored, record.ExternalId, fingerprint) is null)
            {
                changed.Add((record, organizationId, fingerprint));
            }
        }

        if (changed.Count > 0)
        {
            var changedIds = changed.Select(c => c.Record.ExternalId).ToList();
            var existing = await db.Services.AsTracking().AsSplitQuery()
                .Include(s => s.Phones).Include(s => s.Categories)
                .Include(s => s.ServiceAtLocations).ThenInclude(a => a.Schedules)
                .Where(s => s.Source == _sourceId && changedIds.Contains(s.ExternalId!))
                .ToDictionaryAsync(s => s.ExternalId!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            await RememberLocationsAsync(existing.Values.SelectMany(s => s.ServiceAtLocations).Select(a => a.LocationId), cancellationToken).ConfigureAwait(false);
            var state = await LoadStateAsync(ServiceType, existing.Values.Select(s => s.Id), cancellationToken).ConfigureAwait(false);
            foreach (var (record, organizationId, fingerprint) in changed)
            {
                if (!existing.TryGetValue(record.ExternalId, out var entity))
                {
                    entity = new Service { Source = _sourceId, ExternalId = record.ExternalId };
                    ApplyAll(ServiceChanges(entity, record, organizationId));
                    var id = Insert(entity);
                    InsertAll(entity.Phones, p => p.ServiceId = id);
                    InsertAll(entity.Categories, c => c.ServiceId = id);
                    foreach (var link in entity.ServiceAtLocations)
                    {
                        link.ServiceId = id;
                        var linkId = Insert(link);
                        InsertAll(link.Schedules, x => x.ServiceAtLocationId = linkId);
                    }

                    RecordCreated(ServiceType, id, record.ExternalId, fingerprint, RawFingerprint(record.ExternalId));
                    continue;
                }

                Reconcile(ServiceType, entity.Id, record.ExternalId, entity, ServiceChanges(entity, record, organizationId), state, fingerprint, RawFingerprint(record.ExternalId));
            }

            await SaveAsync(cancellationToken).ConfigureAwait(false);
        }

        await MarkSyncedAsync(ServiceType, ids, cancellationToken).ConfigureAwait(false);
    }

    private async Task RememberLocationsAsync(IEnumerable<int> locationIds, CancellationToken cancellationToken)
    {
        var missing = locationIds.Where(id => !_locationExternalIds.ContainsKey(id)).Distinct().ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var rows = await db.Locations.AsNoTracking().Where(l => missing.Contains(l.Id)).Select(l => new { l.Id, l.ExternalId }).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            _locationExternalIds[row.Id] = row.ExternalId ?? $"#{row.Id}";
        }
    }

    private List<Change> ServiceChanges(Service s, ImportedService r, int organizationId)
    {
        var changes = new List<Change>();
        var categoryIds = r.CategoryCodes.Select(c => _categoryIds[c]).Distinct().ToList();
        Compare(changes, "organization", s.OrganizationId == 0 ? null : Text(s.OrganizationId), Text(organizationId), () => s.OrganizationId = organizationId);
        Compare(changes, "name", s.Name, r.Name, () => s.Name = r.Name);
        Compare(changes, "alternateName", s.AlternateName, r.AlternateName, () => s.AlternateName = r.AlternateName);
        Compare(changes, "shortDescription", s.ShortDescription, r.ShortDescription, () => s.ShortDescription = r.ShortDescription);
        Compare(changes, "description", s.Description, r.Description, () => s.Description = r.Description);
        Compare(changes, "url", s.Url, r.Url, () => s.Url = r.Url);
        Compare(changes, "email", s.Email, r.Email, () => s.Email = r.Email);
        Compare(changes, "status", s.Status.ToString(), r.Status.ToString(), () => s.Status = r.Status);
        Compare(changes, "languages", List(s.Languages), List(r.Languages), () => s.Languages = [.. r.Languages]);
        Compare(changes, "applicationProcess", s.ApplicationProcess, r.ApplicationProcess, () => s.ApplicationProcess = r.ApplicationProcess);
        Compare(changes, "feesDescription", s.FeesDescription, r.FeesDescription, () => s.FeesDescription = r.FeesDescription);
        Compare(changes, "eligibilityDescription", s.EligibilityDescription, r.EligibilityDescription, () => s.EligibilityDescription = r.EligibilityDescription);
        Compare(changes, "minimumAge", Text(s.MinimumAge), Text(r.MinimumAge), () => s.MinimumAge = r.MinimumAge);
        Compare(changes, "maximumAge", Text(s.MaximumAge), Text(r.MaximumAge), () => s.MaximumAge = r.MaximumAge);
        Compare(changes, "categories", List(s.Categories.Select(c => _categoryCodes[c.CategoryId]).Order(StringComparer.Ordinal)), List(r.CategoryCodes.Distinct().Order(StringComparer.Ordinal)), () =>
        {
            s.Categories.RemoveAll(c => !categoryIds.Contains(c.CategoryId));
            s.Categories.AddRange(categoryIds.Where(id => s.Categories.TrueForAll(c => c.CategoryId != id)).Select(id => new ServiceCategory { CategoryId = id }));
        });
        Compare(changes, "phones", Phones(s.Phones), Phones(r.Phones), () => ReplacePhones(s.Phones, r.Phones, p => p.ServiceId = s.Id));
        Compare(changes, "serviceAtLocations", ServiceAtLocations(s), ServiceAtLocations(r), () => ReplaceServiceAtLocations(s, r));
        return changes;
    }

    private string? ServiceAtLocations(Service s) => s.ServiceAtLocations.Count == 0 ? null : string.Join("\n", s.ServiceAtLocations
        .Select(a => ServiceAtLocation(_locationExternalIds.GetValueOrDefault(a.LocationId, $"#{a.LocationId}"), a.Description, a.Schedules.Select(x => Schedule(x.DayOfWeek, x.Opens, x.Closes, x.Note, x.ValidFrom, x.ValidTo))))
        .Order(StringComparer.Ordinal));

    private static string? ServiceAtLocations(ImportedService r) => r.Locations.Count == 0 ? null : string.Join("\n", r.Locations
        .Select(a => ServiceAtLocation(a.Location.ExternalId, a.Description, a.Schedules.Select(x => Schedule(x.Day, x.Opens, x.Closes, x.Note, x.ValidFrom, x.ValidTo))))
        .Order(StringComparer.Ordinal));

    private static string ServiceAtLocation(string location, string? description, IEnumerable<string> schedules) =>
        $"{location}: {description} [{string.Join("; ", schedules.Order(StringComparer.Ordinal))}]";

    private static string Schedule(DayOfWeek day, TimeOnly opens, TimeOnly closes, string? note, DateOnly? from, DateOnly? to) =>
        FormattableString.Invariant($"{(int)day} {opens:HH\\:mm}-{closes:HH\\:mm}{(from is null && to is null ? "" : $" {from:yyyy-MM-dd}..{to:yyyy-MM-dd}")}{(note is null ? "" : " " + note)}");

    private void ReplaceServiceAtLocations(Service s, ImportedService r)
    {
        var wanted = r.Locations.ToDictionary(a => _locationIds[a.Location.ExternalId]);
        foreach (var stale in s.ServiceAtLocations.Where(a => !wanted.ContainsKey(a.LocationId)).ToList())
        {
            s.ServiceAtLocations.Remove(stale);
            db.Remove(stale);
        }

        foreach (var (locationId, record) in wanted)
        {
            var link = s.ServiceAtLocations.Find(a => a.LocationId == locationId);
            if (link is null)
            {
                link = new ServiceAtLocation { LocationId = locationId, Source = _sourceId, ExternalId = $"{r.ExternalId}@{record.Location.ExternalId}" };
                s.ServiceAtLocations.Add(link);
            }

            link.Description = record.Description;
            var schedules = record.Schedules.Select(x => Schedule(x.Day, x.Opens, x.Closes, x.Note, x.ValidFrom, x.ValidTo)).Order(StringComparer.Ordinal);
            var current = link.Schedules.Select(x => Schedule(x.DayOfWeek, x.Opens, x.Closes, x.Note, x.ValidFrom, x.ValidTo)).Order(StringComparer.Ordinal);
            if (!schedules.SequenceEqual(current, StringComparer.Ordinal))
            {
                foreach (var old in link.Schedules.ToList())
                {
                    db.Remove(old);
                }

                link.Schedules.Clear();
                link.Schedules.AddRange(record.Schedules.Select(x => new Schedule
                {
                    DayOfWeek = x.Day,
                    Opens = x.Opens,
                    Closes = x.Closes,
                    Note = x.Note,
                    ValidFrom = x.ValidFrom,
                    ValidTo = x.ValidTo,
                    Source = _sourceId,
                }));
            }
        }
    }

    // ---- withdrawal ----

    private async Task WithdrawMissingAsync(CancellationToken cancellationToken)
    {
        // What this source stored, is not withdrawn, was not synced by this run and was not named by a rejected row.
        const string NotSeen = "Source = {0} AND ExternalId IS NOT NULL AND WithdrawnAt IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM seen.synced r WHERE r.type = {1} AND r.id = ExternalId)"
            + " AND NOT EXISTS (SELECT 1 FROM run.clean c WHERE c.type = {1} AND c.id = ExternalId)"
            + " AND NOT EXISTS (SELECT 1 FROM run.kept k WHERE k.id = ExternalId)";
        await WithdrawAsync(ServiceType, () => db.Services.FromSqlRaw("SELECT * FROM Services WHERE " + NotSeen, _sourceId, ServiceType).AsTracking().OrderBy(s => s.Id),
            s => s.WithdrawnAt = _now, cancellationToken).ConfigureAwait(false);
        await WithdrawAsync(AssociationType, () => db.Associations.FromSqlRaw("SELECT * FROM Associations WHERE " + NotSeen, _sourceId, AssociationType).AsTracking().OrderBy(a => a.Id),
            a => a.WithdrawnAt = _now, cancellationToken).ConfigureAwait(false);
        await WithdrawAsync(LocationType, () => db.Locations.FromSqlRaw("SELECT * FROM Locations WHERE " + NotSeen, _sourceId, LocationType).AsTracking().OrderBy(l => l.Id),
            l => l.WithdrawnAt = _now, cancellationToken).ConfigureAwait(false);
        await WithdrawAsync(OrganizationType, () => db.Organizations.FromSqlRaw("SELECT * FROM Organizations WHERE " + NotSeen, _sourceId, OrganizationType).AsTracking().OrderBy(o => o.Id),
            o => o.WithdrawnAt = _now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Withdraws in chunks (each chunk saved, so the next query no longer finds it), never all at once in memory.</summary>
    private async Task WithdrawAsync<T>(string entityType, Func<IQueryable<T>> missing, Action<T> withdraw, CancellationToken cancellationToken)
        where T : Entity
    {
        while (true)
        {
            var chunk = await missing().Take(options.BatchSize).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (chunk.Count == 0)
            {
                return;
            }

            var keys = chunk.Select(e => Text(e.Id)!).ToList();
            var provenance = await db.RecordProvenance.AsTracking().Where(p => p.EntityType == entityType && keys.Contains(p.EntityKey))
                .ToDictionaryAsync(p => p.EntityKey, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            foreach (var entity in chunk)
            {
                var externalId = entity.ExternalId!;
                withdraw(entity);
                var key = Text(entity.Id)!;
                _report.Withdrawn++;
                Example($"withdrawn {entityType} {externalId}");
                Log(entityType, key, RecordField, "current", "withdrawn");
                Touch(provenance.GetValueOrDefault(key), entityType, key, externalId, null);
            }

            await SaveAsync(cancellationToken).ConfigureAwait(false);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>What a batch needs to know of a stored record to tell, without loading it, whether the feed changed it.</summary>
    private readonly record struct StoredRecord(int Id, bool Withdrawn, bool Protected, byte[]? Fingerprint);

    /// <summary>
    /// The stored records of these ids, one prepared no-tracking lookup each: id, withdrawn or not, whether a person
    /// set any of its fields, and the fingerprint of the feed's record as last stored.
    /// </summary>
    private Task<Dictionary<string, StoredRecord>> ProbeAsync(string entityType, string table, List<string> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = new Dictionary<string, StoredRecord>(ids.Count, StringComparer.Ordinal);
        var command = Prepared($"""
            SELECT e.Id, e.WithdrawnAt IS NOT NULL, p.Fingerprint,
                EXISTS (SELECT 1 FROM FieldProvenance f WHERE f.EntityType = $type AND f.EntityKey = CAST(e.Id AS TEXT) AND f.SetByKind = $person)
            FROM "{table}" e LEFT JOIN RecordProvenance p ON p.EntityType = $type AND p.EntityKey = CAST(e.Id AS TEXT)
            WHERE e.Source = $source AND e.ExternalId = $id
            """, "$type", "$person", "$source", "$id");
        command.Parameters[0].Value = entityType;
        command.Parameters[1].Value = nameof(ChangeAuthorKind.Person);
        command.Parameters[2].Value = _sourceId;
        foreach (var id in ids)
        {
            command.Parameters[3].Value = id;
            using var reader = command.ExecuteReader();
            if (reader.Read())
            {
                result[id] = new StoredRecord(reader.GetInt32(0), reader.GetBoolean(1), reader.GetBoolean(3), reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2));
            }
        }

        return Task.FromResult(result);
    }

    /// <summary>
    /// The id of a stored record the feed did not change (same fingerprint, not withdrawn, no field set by a person),
    /// counted unchanged; null when the record has to be compared field by field (or created).
    /// </summary>
    private int? IsUnchanged(Dictionary<string, StoredRecord> stored, string externalId, byte[] fingerprint)
    {
        if (stored.TryGetValue(externalId, out var record) && !record.Withdrawn && !record.Protected && Fingerprints.Equal(record.Fingerprint, fingerprint))
        {
            _report.Unchanged++;
            return record.Id;
        }

        return null;
    }

    /// <summary>Which of these ids an earlier batch of this run has synced already, or the checking pass found unchanged (and counted).</summary>
    private Task<HashSet<string>> SyncedAsync(string entityType, List<string> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var found = new HashSet<string>(StringComparer.Ordinal);
        var command = Prepared("SELECT EXISTS (SELECT 1 FROM seen.synced WHERE type = $type AND id = $id) OR EXISTS (SELECT 1 FROM run.clean WHERE type = $type AND id = $id)", "$type", "$id");
        command.Parameters[0].Value = entityType;
        foreach (var id in ids)
        {
            command.Parameters[1].Value = id;
            if (command.ExecuteScalar() is 1L)
            {
                found.Add(id);
            }
        }

        return Task.FromResult(found);
    }

    /// <summary>Marks records as synced by this run, in the scratch file (not a stored row: re-runs still write nothing).</summary>
    private Task MarkSyncedAsync(string entityType, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var command = Prepared("INSERT OR IGNORE INTO seen.synced (type, id) VALUES ($type, $id)", "$type", "$id");
        command.Parameters[0].Value = entityType;
        foreach (var id in ids)
        {
            command.Parameters[1].Value = id;
            command.ExecuteNonQuery();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A command of the run's connection, prepared once and reused for every row (one row per execution: binding a
    /// list of hundreds of named parameters costs SQLite a name lookup per parameter), in the current transaction.
    /// </summary>
    private SqliteCommand Prepared(string sql, params string[] parameters)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            _prepared[sql] = command;
        }

        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    // ---- shared diff machinery ----

    /// <summary>Person-set fields and record provenance of the stored records of one batch.</summary>
    private sealed record BatchState(Dictionary<(string Key, string Field), FieldProvenance> Fields, Dictionary<string, RecordProvenance> Records);

    private async Task<BatchState> LoadStateAsync(string entityType, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var keys = ids.Select(id => Text(id)!).ToList();
        var fields = await db.FieldProvenance.AsTracking().Where(p => p.EntityType == entityType && keys.Contains(p.EntityKey))
            .ToDictionaryAsync(p => (p.EntityKey, p.Field), cancellationToken).ConfigureAwait(false);
        var records = await db.RecordProvenance.AsTracking().Where(p => p.EntityType == entityType && keys.Contains(p.EntityKey))
            .ToDictionaryAsync(p => p.EntityKey, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        return new BatchState(fields, records);
    }

    /// <summary>
    /// Applies the changes a person did not protect and records them; stores the record's new fingerprint when
    /// something is written anyway, or when the stored one is missing or stale (written once).
    /// </summary>
    private void Reconcile(string entityType, int id, string externalId, Entity entity, List<Change> changes, BatchState state, byte[] fingerprint, byte[]? raw = null)
    {
        var key = Text(id)!;
        var restored = entity switch
        {
            Service { WithdrawnAt: not null } s => Restore(() => s.WithdrawnAt = null),
            Location { WithdrawnAt: not null } l => Restore(() => l.WithdrawnAt = null),
            Organization { WithdrawnAt: not null } o => Restore(() => o.WithdrawnAt = null),
            Association { WithdrawnAt: not null } a => Restore(() => a.WithdrawnAt = null),
            _ => false,
        };
        var applied = 0;
        foreach (var change in changes)
        {
            // Precedence: what a person set stays until a person changes it again.
            if (state.Fields.TryGetValue((key, change.Field), out var provenance) && provenance.SetByKind == ChangeAuthorKind.Person)
            {
                _report.Protected++;
                continue;
            }

            change.Apply();
            applied++;
            Log(entityType, key, change.Field, change.OldValue, change.NewValue);
            Example($"updated {entityType} {externalId} {change.Field}: {Shorten(change.OldValue)} → {Shorten(change.NewValue)}");
            if (provenance is null)
            {
                provenance = new FieldProvenance { EntityType = entityType, EntityKey = key, Field = change.Field };
                state.Fields[(key, change.Field)] = provenance;
                db.FieldProvenance.Add(provenance);
            }

            provenance.SetBy = _sourceId;
            provenance.SetByKind = ChangeAuthorKind.Import;
            provenance.ImportRunId = _runId;
            provenance.SetAt = _now;
        }

        if (restored)
        {
            _report.Restored++;
            Log(entityType, key, RecordField, "withdrawn", "current");
            Example($"restored {entityType} {externalId}");
        }
        else if (applied > 0)
        {
            _report.Updated++;
        }
        else
        {
            _report.Unchanged++;
            // A fingerprint that is missing (imported before fingerprints) or stale (computed another way, see
            // Fingerprints.Version) is replaced, once: the next run takes the record for unchanged without comparing it.
            if (state.Records.GetValueOrDefault(key) is { } record && !Fingerprints.Equal(record.Fingerprint, fingerprint))
            {
                record.Fingerprint = fingerprint;
                SetRaw(record, raw);
            }

            return;
        }

        Touch(state.Records.GetValueOrDefault(key), entityType, key, externalId, fingerprint, raw);
    }

    /// <summary>Stores a row's raw fingerprint with its service's provenance, as of this run (nothing when the row has none to store).</summary>
    private void SetRaw(RecordProvenance provenance, byte[]? raw)
    {
        if (raw is not null)
        {
            provenance.RawFingerprint = raw;
            provenance.RawRunId = _runId;
        }
    }

    /// <summary>The raw fingerprint the checking pass found for a service's row, when it is to be stored (see <see cref="RunScratch.AddRawFingerprint"/>).</summary>
    private byte[]? RawFingerprint(string externalId)
    {
        var command = Prepared("SELECT fingerprint FROM run.rawnew WHERE id = $id", "$id");
        command.Parameters[0].Value = externalId;
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>
    /// Stores the raw fingerprints of the rows that passed the check and were not stored with one by the storing pass
    /// (rows found unchanged mapped: their fingerprint was missing or another, or the organization or a location of the
    /// service changed after it was stored), with this run: one statement. A row the storing pass wrote has this run's
    /// fingerprint already and is not written twice; a row whose fingerprint stands as stored is not written (a service
    /// a person edited is mapped on every run, and writes nothing).
    /// </summary>
    private async Task StoreRawFingerprintsAsync(CancellationToken cancellationToken)
    {
        _report.RowsWritten += await db.Database.ExecuteSqlAsync($"""
            UPDATE RecordProvenance AS p SET RawFingerprint = n.fingerprint, RawRunId = {_runId}
            FROM run.rawnew n
            WHERE p.SourceId = {_sourceId} AND p.ExternalId = n.id AND p.EntityType = {ServiceType} AND p.RawRunId IS NOT {_runId}
                AND (p.RawFingerprint IS NOT n.fingerprint OR p.RawRunId IS NULL
                    OR EXISTS (SELECT 1 FROM Services s CROSS JOIN RecordProvenance d ON d.EntityType = {OrganizationType} AND d.EntityKey = CAST(s.OrganizationId AS TEXT)
                        WHERE s.Id = CAST(p.EntityKey AS INTEGER) AND d.LastRunId > p.RawRunId)
                    OR EXISTS (SELECT 1 FROM ServiceAtLocations a CROSS JOIN RecordProvenance d ON d.EntityType = {LocationType} AND d.EntityKey = CAST(a.LocationId AS TEXT)
                        WHERE a.ServiceId = CAST(p.EntityKey AS INTEGER) AND d.LastRunId > p.RawRunId))
            """, cancellationToken).ConfigureAwait(false);
    }

    private static bool Restore(Action clear)
    {
        clear();
        return true;
    }

    /// <summary>Records a change of the record (by this run); a new fingerprint comes with a change the feed brought, none with a withdrawal.</summary>
    private void Touch(RecordProvenance? provenance, string entityType, string key, string externalId, byte[]? fingerprint, byte[]? raw = null)
    {
        if (provenance is null)
        {
            provenance = NewProvenance(entityType, key, externalId, fingerprint);
            SetRaw(provenance, raw);
            db.RecordProvenance.Add(provenance);
            return;
        }

        provenance.LastRunId = _runId;
        provenance.LastChangedAt = _now;
        if (fingerprint is not null)
        {
            provenance.Fingerprint = fingerprint;
        }

        SetRaw(provenance, raw);
    }

    /// <summary>
    /// Records a record just inserted: its "created" change-log entry and its provenance go in with those of the
    /// other records the batch creates, set-based, before the batch commits (<see cref="StoreCreatedAsync"/>).
    /// </summary>
    private void RecordCreated(string entityType, int id, string externalId, byte[] fingerprint, byte[]? raw = null)
    {
        _report.Created++;
        Example($"created {entityType} {externalId}");
        _created.Add(new CreatedRecord(entityType, Text(id)!, externalId, fingerprint, raw));
        _report.RowsWritten += 2;
    }

    /// <summary>A record this batch created, waiting for its change-log entry and provenance.</summary>
    private readonly record struct CreatedRecord(string EntityType, string Key, string ExternalId, byte[] Fingerprint, byte[]? Raw);

    /// <summary>
    /// Stores the "created" change-log entries and the provenance of the records this batch created, in creation
    /// order: two statements per batch instead of two inserts per record. The rows go in as a JSON array (blobs as
    /// hexadecimal) and are stored as <see cref="RowInserter"/> and EF Core store them (same columns, same text for
    /// the run's time, enums by name).
    /// </summary>
    private Task StoreCreatedAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_created.Count == 0)
        {
            return Task.CompletedTask;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(_created.Count * 128);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var record in _created)
            {
                json.WriteStartArray();
                json.WriteStringValue(record.EntityType);
                json.WriteStringValue(record.Key);
                json.WriteStringValue(record.ExternalId);
                json.WriteStringValue(Convert.ToHexString(record.Fingerprint));
                if (record.Raw is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteStringValue(Convert.ToHexString(record.Raw));
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        var rows = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        var now = _now.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);
        _createdLog ??= new RawStatement((SqliteConnection)db.Database.GetDbConnection(), $"""
            INSERT INTO "ChangeLog" ("EntityType", "EntityKey", "Field", "OldValue", "NewValue", "ChangedBy", "ChangedByKind", "ImportRunId", "ChangedAt")
            SELECT j.value ->> 0, j.value ->> 1, '{RecordField}', NULL, 'created', ?2, '{nameof(ChangeAuthorKind.Import)}', ?3, ?4
            FROM json_each(?1) AS j ORDER BY j.key
            """);
        _createdProvenance ??= new RawStatement((SqliteConnection)db.Database.GetDbConnection(), """
            INSERT INTO "RecordProvenance" ("EntityType", "EntityKey", "SourceId", "ExternalId", "FirstSeenAt", "FirstRunId", "LastRunId", "LastChangedAt", "Fingerprint", "RawFingerprint", "RawRunId")
            SELECT j.value ->> 0, j.value ->> 1, ?2, j.value ->> 2, ?4, ?3, ?3, ?4, unhex(j.value ->> 3), unhex(j.value ->> 4), iif(j.value ->> 4 IS NULL, NULL, ?3)
            FROM json_each(?1) AS j ORDER BY j.key
            """);
        foreach (var statement in new[] { _createdLog, _createdProvenance })
        {
            statement.Text(1, rows).Text(2, _sourceId).Integer(3, _runId).Text(4, now).Execute();
        }

        _created.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Provenance of a record this run sees first.</summary>
    private RecordProvenance NewProvenance(string entityType, string key, string externalId, byte[]? fingerprint) => new()
    {
        EntityType = entityType,
        EntityKey = key,
        SourceId = _sourceId,
        ExternalId = externalId,
        FirstSeenAt = _now,
        FirstRunId = _runId,
        LastRunId = _runId,
        LastChangedAt = _now,
        Fingerprint = fingerprint,
    };

    /// <summary>Inserts a new row now, past the change tracker (see <see cref="RowInserter"/>); returns its generated key.</summary>
    private int Insert(object entity)
    {
        _report.RowsWritten++;
        return _inserter!.Add(entity);
    }

    /// <summary>Inserts a record's dependents (phones, categories, weekly hours) past the change tracker, several rows per statement.</summary>
    private void InsertAll<T>(List<T> entities, Action<T> setOwner)
        where T : class
    {
        entities.ForEach(setOwner);
        _report.RowsWritten += entities.Count;
        _inserter!.AddRange(entities);
    }

    private void Log(string entityType, string key, string field, string? oldValue, string? newValue) =>
        db.ChangeLog.Add(LogEntry(entityType, key, field, oldValue, newValue));

    private ChangeLogEntry LogEntry(string entityType, string key, string field, string? oldValue, string? newValue) =>
        new()
        {
            EntityType = entityType,
            EntityKey = key,
            Field = field,
            OldValue = oldValue,
            NewValue = newValue,
            ChangedBy = _sourceId,
            ChangedByKind = ChangeAuthorKind.Import,
            ImportRunId = _runId,
            ChangedAt = _now,
        };

    private void Example(string text)
    {
        if (_report.Examples.Count < options.MaxExamples)
        {
            _report.Examples.Add(text);
        }
    }

    private static void ApplyAll(List<Change> changes) => changes.ForEach(c => c.Apply());

    private static void Compare(List<Change> changes, string field, string? current, string? incoming, Action apply)
    {
        if (!string.Equals(current, incoming, StringComparison.Ordinal))
        {
            changes.Add(new Change(field, current, incoming, apply));
        }
    }

    private void ReplacePhones(List<Phone> current, IReadOnlyList<ImportedPhone> incoming, Action<Phone> setOwner)
    {
        foreach (var old in current)
        {
            db.Remove(old);
        }

        current.Clear();
        foreach (var p in incoming)
        {
            var phone = new Phone { Number = p.Number, Extension = p.Extension, Type = p.Type, Description = p.Description, Source = _sourceId };
            setOwner(phone);
            current.Add(phone);
        }
    }

    private static string? Phones(IEnumerable<Phone> phones) => List(phones.Select(p => Phone(p.Number, p.Extension, p.Type, p.Description)));

    private static string? Phones(IEnumerable<ImportedPhone> phones) => List(phones.Select(p => Phone(p.Number, p.Extension, p.Type, p.Description)));

    private static string Phone(string number, string? extension, PhoneType type, string? description) =>
        $"{number}{(extension is null ? "" : " ext. " + extension)} ({type}){(description is null ? "" : " " + description)}";

    private static string? List(IEnumerable<string> values)
    {
        var text = string.Join(", ", values);
        return text.Length == 0 ? null : text;
    }

    private static string? Text(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string? value) => value is null ? "∅" : value.Length <= 60 ? $"'{value}'" : $"'{value[..57]}...'";
}
