using System.Globalization;
using Directory.Model.Associations;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Importing;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Microsoft.EntityFrameworkCore;

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

/// <summary>The records of one run, matched and ready to store.</summary>
public sealed class PreparedFeed
{
    public Dictionary<string, ImportedOrganization> Organizations { get; } = new(StringComparer.Ordinal);
    /// <summary>Locations by id, with the comune matched and the organization of the service that lists them (null: the source's owner).</summary>
    public Dictionary<string, (ImportedLocation Record, MatchedComune Comune, string? OrganizationExternalId)> Locations { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ImportedService> Services { get; } = new(StringComparer.Ordinal);
    /// <summary>Associations by id; their headquarters are among <see cref="Locations"/>.</summary>
    public Dictionary<string, ImportedAssociation> Associations { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids of records in rejected rows: they are kept as they are, never withdrawn.</summary>
    public HashSet<string> KeptIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether some rejected row had no readable id (then nothing can safely be withdrawn).</summary>
    public bool HasAnonymousRejections { get; set; }
}

/// <summary>
/// Stores a prepared feed: an idempotent upsert keyed by (source, external id), writing only fields whose value
/// differs, with a change-log entry and field provenance per change; withdraws records a full feed no longer lists
/// and restores those that come back. Precedence rule: a field whose provenance is a person is not overwritten.
/// </summary>
public sealed partial class SyncEngine(DirectoryDbContext db, ImportOptions options, TimeProvider clock)
{
    internal const string OrganizationType = "Organization";
    internal const string ServiceType = "Service";
    internal const string LocationType = "Location";
    internal const string RecordField = "record";

    private readonly Dictionary<string, int> _organizationIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _locationIds = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _locationExternalIds = [];
    private Dictionary<string, int> _categoryIds = [];
    private Dictionary<int, string> _categoryCodes = [];

    private string _sourceId = "";
    private int _runId;
    private DateTime _now;
    private SyncReport _report = new();

    /// <summary>What the current (or last) apply has done so far; read after a failure for the counts of committed batches.</summary>
    public SyncReport Report => _report;

    /// <summary>Everything a change needs to be applied and recorded.</summary>
    private sealed record Change(string Field, string? OldValue, string? NewValue, Action Apply);

    public async Task<SyncReport> ApplyAsync(ImportSource source, int runId, PreparedFeed feed, bool dryRun, CancellationToken cancellationToken)
    {
        _sourceId = source.Id;
        _runId = runId;
        _now = clock.GetUtcNow().UtcDateTime;
        _report = new SyncReport();
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Code }).ToListAsync(cancellationToken).ConfigureAwait(false);
        _categoryIds = categories.ToDictionary(c => c.Code, c => c.Id, StringComparer.Ordinal);
        _categoryCodes = categories.ToDictionary(c => c.Id, c => c.Code);

        // A dry run goes through the same steps inside one transaction and rolls it back.
        var dryTransaction = dryRun ? await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            foreach (var batch in feed.Organizations.Values.Chunk(options.BatchSize))
            {
                await InBatchAsync(dryRun, () => SyncOrganizationsAsync(batch, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            foreach (var batch in feed.Locations.Values.Chunk(options.BatchSize))
            {
                await InBatchAsync(dryRun, () => SyncLocationsAsync(batch, source, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            foreach (var batch in feed.Services.Values.Chunk(options.BatchSize))
            {
                await InBatchAsync(dryRun, () => SyncServicesAsync(batch, source, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            foreach (var batch in feed.Associations.Values.Chunk(options.BatchSize))
            {
                await InBatchAsync(dryRun, () => SyncAssociationsAsync(batch, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            if (!source.IsFullFeed)
            {
                _report.Note = "not a full feed: nothing withdrawn";
            }
            else if (feed.HasAnonymousRejections)
            {
                _report.Note = "some rejected rows had no id: nothing withdrawn this run";
            }
            else if (feed.Services.Count + feed.Locations.Count + feed.Organizations.Count + feed.Associations.Count == 0)
            {
                _report.Note = "the feed held no valid record: nothing withdrawn";
            }
            else
            {
                await InBatchAsync(dryRun, () => WithdrawMissingAsync(feed, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (dryTransaction is not null)
            {
                await dryTransaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                await dryTransaction.DisposeAsync().ConfigureAwait(false);
            }

            db.ChangeTracker.Clear();
        }

        return _report;
    }

    private async Task InBatchAsync(bool dryRun, Func<Task> work, CancellationToken cancellationToken)
    {
        if (dryRun)
        {
            await work().ConfigureAwait(false);
            await SaveAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // A batch that fails rolls back whole; the report then counts only the batches committed before it.
        var committed = _report.Copy();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await work().ConfigureAwait(false);
            await SaveAsync(cancellationToken).ConfigureAwait(false);
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
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken) =>
        _report.RowsWritten += await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

    // ---- organizations ----

    private async Task SyncOrganizationsAsync(ImportedOrganization[] batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.ExternalId).ToList();
        var existing = await db.Organizations.AsTracking().Include(o => o.Phones)
            .Where(o => o.Source == _sourceId && ids.Contains(o.ExternalId!))
            .ToDictionaryAsync(o => o.ExternalId!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var state = await LoadStateAsync(OrganizationType, existing.Values.Select(o => o.Id), cancellationToken).ConfigureAwait(false);
        var created = new List<(Organization Entity, string ExternalId)>();
        foreach (var record in batch)
        {
            if (!existing.TryGetValue(record.ExternalId, out var entity))
            {
                entity = new Organization { Source = _sourceId, ExternalId = record.ExternalId, Kind = record.Kind ?? OrganizationKind.Other };
                ApplyAll(OrganizationChanges(entity, record));
                db.Organizations.Add(entity);
                created.Add((entity, record.ExternalId));
                continue;
            }

            _organizationIds[record.ExternalId] = entity.Id;
            Reconcile(OrganizationType, entity.Id, record.ExternalId, entity, OrganizationChanges(entity, record), state);
        }

        await SaveAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (entity, externalId) in created)
        {
            _organizationIds[externalId] = entity.Id;
            RecordCreated(OrganizationType, entity.Id, externalId);
        }
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

    private async Task SyncLocationsAsync((ImportedLocation Record, MatchedComune Comune, string? OrganizationExternalId)[] batch, ImportSource source, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.Record.ExternalId).ToList();
        var existing = await db.Locations.AsTracking().Include(l => l.Phones)
            .Where(l => l.Source == _sourceId && ids.Contains(l.ExternalId!))
            .ToDictionaryAsync(l => l.ExternalId!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        var state = await LoadStateAsync(LocationType, existing.Values.Select(l => l.Id), cancellationToken).ConfigureAwait(false);
        var created = new List<(Location Entity, string ExternalId)>();
        foreach (var (record, comune, organization) in batch)
        {
            var organizationId = organization is null ? source.OwnerOrganizationId : _organizationIds[organization];
            if (!existing.TryGetValue(record.ExternalId, out var entity))
            {
                entity = new Location { Source = _sourceId, ExternalId = record.ExternalId };
                ApplyAll(LocationChanges(entity, record, comune, organizationId));
                db.Locations.Add(entity);
                created.Add((entity, record.ExternalId));
                continue;
            }

            Remember(record.ExternalId, entity.Id);
            Reconcile(LocationType, entity.Id, record.ExternalId, entity, LocationChanges(entity, record, comune, organizationId), state);
        }

        await SaveAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (entity, externalId) in created)
        {
            Remember(externalId, entity.Id);
            RecordCreated(LocationType, entity.Id, externalId);
        }
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

    private async Task SyncServicesAsync(ImportedService[] batch, ImportSource source, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.ExternalId).ToList();
        var existing = await db.Services.AsTracking().AsSplitQuery()
            .Include(s => s.Phones).Include(s => s.Categories)
            .Include(s => s.ServiceAtLocations).ThenInclude(a => a.Schedules)
            .Where(s => s.Source == _sourceId && ids.Contains(s.ExternalId!))
            .ToDictionaryAsync(s => s.ExternalId!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        await RememberLocationsAsync(existing.Values.SelectMany(s => s.ServiceAtLocations).Select(a => a.LocationId), cancellationToken).ConfigureAwait(false);
        var state = await LoadStateAsync(ServiceType, existing.Values.Select(s => s.Id), cancellationToken).ConfigureAwait(false);
        var created = new List<(Service Entity, string ExternalId)>();
        foreach (var record in batch)
        {
            var organizationId = record.Organization is { } organization ? _organizationIds[organization.ExternalId] : source.OwnerOrganizationId!.Value;
            if (!existing.TryGetValue(record.ExternalId, out var entity))
            {
                entity = new Service { Source = _sourceId, ExternalId = record.ExternalId };
                ApplyAll(ServiceChanges(entity, record, organizationId));
                db.Services.Add(entity);
                created.Add((entity, record.ExternalId));
                continue;
            }

            Reconcile(ServiceType, entity.Id, record.ExternalId, entity, ServiceChanges(entity, record, organizationId), state);
        }

        await SaveAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (entity, externalId) in created)
        {
            RecordCreated(ServiceType, entity.Id, externalId);
        }
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

    private async Task WithdrawMissingAsync(PreparedFeed feed, CancellationToken cancellationToken)
    {
        bool Missing(string? id, ICollection<string> listed) => id is not null && !listed.Contains(id) && !feed.KeptIds.Contains(id);

        var services = await db.Services.AsTracking().Where(s => s.Source == _sourceId && s.ExternalId != null && s.WithdrawnAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var s in services.Where(s => Missing(s.ExternalId, feed.Services.Keys)))
        {
            s.WithdrawnAt = _now;
            await RecordWithdrawnAsync(ServiceType, s.Id, s.ExternalId!, cancellationToken).ConfigureAwait(false);
        }

        await WithdrawMissingAssociationsAsync(feed, Missing, cancellationToken).ConfigureAwait(false);
        var locations = await db.Locations.AsTracking().Where(l => l.Source == _sourceId && l.ExternalId != null && l.WithdrawnAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var l in locations.Where(l => Missing(l.ExternalId, feed.Locations.Keys)))
        {
            l.WithdrawnAt = _now;
            await RecordWithdrawnAsync(LocationType, l.Id, l.ExternalId!, cancellationToken).ConfigureAwait(false);
        }

        var organizations = await db.Organizations.AsTracking().Where(o => o.Source == _sourceId && o.ExternalId != null && o.WithdrawnAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var o in organizations.Where(o => Missing(o.ExternalId, feed.Organizations.Keys)))
        {
            o.WithdrawnAt = _now;
            await RecordWithdrawnAsync(OrganizationType, o.Id, o.ExternalId!, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RecordWithdrawnAsync(string entityType, int id, string externalId, CancellationToken cancellationToken)
    {
        var key = Text(id)!;
        _report.Withdrawn++;
        Example($"withdrawn {entityType} {externalId}");
        Log(entityType, key, RecordField, "current", "withdrawn");
        var provenance = await db.RecordProvenance.AsTracking().FirstOrDefaultAsync(p => p.EntityType == entityType && p.EntityKey == key, cancellationToken).ConfigureAwait(false);
        Touch(provenance, entityType, key, externalId);
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

    private void Reconcile(string entityType, int id, string externalId, Entity entity, List<Change> changes, BatchState state)
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
            return;
        }

        Touch(state.Records.GetValueOrDefault(key), entityType, key, externalId);
    }

    private static bool Restore(Action clear)
    {
        clear();
        return true;
    }

    private void Touch(RecordProvenance? provenance, string entityType, string key, string externalId)
    {
        if (provenance is null)
        {
            db.RecordProvenance.Add(new RecordProvenance
            {
                EntityType = entityType,
                EntityKey = key,
                SourceId = _sourceId,
                ExternalId = externalId,
                FirstSeenAt = _now,
                FirstRunId = _runId,
                LastRunId = _runId,
                LastChangedAt = _now,
            });
            return;
        }

        provenance.LastRunId = _runId;
        provenance.LastChangedAt = _now;
    }

    private void RecordCreated(string entityType, int id, string externalId)
    {
        _report.Created++;
        Example($"created {entityType} {externalId}");
        Log(entityType, Text(id)!, RecordField, null, "created");
        Touch(null, entityType, Text(id)!, externalId);
    }

    private void Log(string entityType, string key, string field, string? oldValue, string? newValue) =>
        db.ChangeLog.Add(new ChangeLogEntry
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
        });

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
