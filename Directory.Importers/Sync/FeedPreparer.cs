using System.Security.Cryptography;
using static Directory.Importers.Sync.SyncEngine;

namespace Directory.Importers.Sync;

/// <summary>A row the run skipped, and why.</summary>
public sealed record RejectedRow(int Row, ImportProblem Problem);

/// <summary>
/// Checks and matches the records a reader yields, row by row: comuni, categories, organizations, duplicates.
/// A row with any problem is rejected whole (with every reason), and the records it names are kept as stored.
/// Two passes over the same feed: <see cref="Check"/> validates and counts, remembering on disk (in the run's
/// <see cref="RunScratch"/>) only what later rows are checked against, and tells unchanged records from the others
/// (FeedPreparer.Unchanged.cs); <see cref="Accept"/> then adds the rows that passed and name a new or changed record
/// to the batch being synced. Memory does not grow with the feed.
/// </summary>
public sealed partial class FeedPreparer(ComuneMatcher comuni, IReadOnlySet<string> categoryCodes, int? ownerOrganizationId, RunScratch scratch, int maxRejections = 10_000)
{
    /// <summary>The first rejections (all of them up to the limit; <see cref="RejectedRows"/> stays exact).</summary>
    public List<RejectedRow> Rejections { get; } = [];

    /// <summary>Rows read by the checking pass.</summary>
    public int Rows { get; private set; }

    /// <summary>Rows rejected.</summary>
    public int RejectedRows { get; private set; }

    /// <summary>Whether some rejected row had no readable id (then nothing can safely be withdrawn).</summary>
    public bool HasAnonymousRejections { get; private set; }

    /// <summary>Pass 1: checks a row and counts it; nothing of it is kept but what later rows are checked against.</summary>
    public void Check(ImportItem item)
    {
        Rows++;
        if (item.Problems.Count > 0)
        {
            Reject(item.Row, item.Problems, []);
            return;
        }

        switch (item.Record)
        {
            case ImportedService service:
                CheckService(item.Row, service);
                break;
            case ImportedOrganization organization:
                var organizationProblems = new List<ImportProblem>();
                var checkedOrganization = CheckOrganization(item.Row, organization, organizationProblems);
                if (Conclude(item.Row, organizationProblems, [organization.ExternalId]))
                {
                    Classify(item.Row, Organization(organization, checkedOrganization).Clean);
                }

                break;
            case ImportedLocation location:
                var locationProblems = new List<ImportProblem>();
                var checkedLocation = CheckLocation(item.Row, location, "location", locationProblems);
                if (Conclude(item.Row, locationProblems, [location.ExternalId]))
                {
                    Classify(item.Row, Location(location, checkedLocation, ownerOrganizationId, true));
                }

                break;
            case ImportedAssociation association:
                CheckAssociation(item.Row, association);
                break;
            default:
                Reject(item.Row, [new ImportProblem(null, null, "the row holds no record")], []);
                break;
        }
    }

    /// <summary>
    /// Pass 2: adds a row that passed the check to the batch (the first description of a record shared by rows
    /// wins, so a re-run of the same feed changes nothing). Returns false for a rejected row.
    /// </summary>
    public bool Accept(ImportItem item, PreparedFeed batch)
    {
        if (item.Record is null || (RejectedRows > 0 && scratch.IsRejected(item.Row)) || (DirtyRows < Rows - RejectedRows && !scratch.IsDirty(item.Row)))
        {
            return false;
        }

        switch (item.Record)
        {
            case ImportedService service:
                batch.Services[service.ExternalId] = service;
                if (service.Organization is { } o)
                {
                    batch.Organizations.TryAdd(o.ExternalId, o);
                }

                foreach (var link in service.Locations)
                {
                    batch.Locations.TryAdd(link.Location.ExternalId, (link.Location, comuni.Match(link.Location.Comune).Comune!, service.Organization?.ExternalId));
                }

                return true;
            case ImportedOrganization organization:
                batch.Organizations.TryAdd(organization.ExternalId, organization);
                return true;
            case ImportedLocation location:
                batch.Locations.TryAdd(location.ExternalId, (location, comuni.Match(location.Comune).Comune!, null));
                return true;
            case ImportedAssociation association:
                AcceptAssociation(association, batch);
                return true;
            default:
                return false;
        }
    }

    private void CheckService(int row, ImportedService service)
    {
        var problems = new List<ImportProblem>();
        var id = service.ExternalId;
        if (scratch.FirstServiceRow(id, row) is { } firstRow)
        {
            problems.Add(new ImportProblem(id, "id", $"duplicate service id '{id}' (first at row {firstRow})"));
        }

        (bool First, byte[] Canonical) checkedOrganization = default;
        if (service.Organization is { } organization)
        {
            checkedOrganization = CheckOrganization(row, organization, problems);
        }
        else if (ownerOrganizationId is null)
        {
            problems.Add(new ImportProblem(id, "organization", "the row names no organization and the source has no owning organization"));
        }

        foreach (var code in service.CategoryCodes.Where(c => !categoryCodes.Contains(c)))
        {
            problems.Add(new ImportProblem(id, "categories", $"unknown category code '{code}'"));
        }

        foreach (var group in service.Locations.GroupBy(l => l.Location.ExternalId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new ImportProblem(id, "locations", $"location '{group.Key}' is listed twice"));
        }

        var checkedLocations = new (bool First, byte[] Canonical)[service.Locations.Count];
        for (var i = 0; i < checkedLocations.Length; i++)
        {
            checkedLocations[i] = CheckLocation(row, service.Locations[i].Location, "location", problems);
        }

        AddMappedReferences(service, checkedOrganization, checkedLocations);
        var ids = new List<string> { id };
        ids.AddRange(service.Locations.Select(l => l.Location.ExternalId));
        if (service.Organization is not null)
        {
            ids.Add(service.Organization.ExternalId);
        }

        if (Conclude(row, problems, ids))
        {
            ClassifyService(row, service, checkedOrganization, checkedLocations);
        }
    }

    /// <summary>
    /// Checks an organization against an earlier description; returns whether this row is the first to describe it,
    /// and its canonical serialization (see <see cref="Fingerprints.Canonical{T}"/>).
    /// </summary>
    private (bool First, byte[] Canonical) CheckOrganization(int row, ImportedOrganization organization, List<ImportProblem> problems)
    {
        var canonical = Fingerprints.Canonical(organization);
        var seen = scratch.FirstRecord(OrganizationType, organization.ExternalId, row, SHA256.HashData(canonical));
        if (seen is { Same: false } earlier && earlier.Row != row)
        {
            problems.Add(new ImportProblem(organization.ExternalId, "organization", $"organization '{organization.ExternalId}' differs from the one at row {earlier.Row}"));
        }

        return (seen is null, canonical);
    }

    /// <summary>Checks a location (against an earlier description too); returns whether this row is the first to describe it, and its canonical serialization.</summary>
    private (bool First, byte[] Canonical) CheckLocation(int row, ImportedLocation location, string field, List<ImportProblem> problems)
    {
        var canonical = Fingerprints.Canonical(location);
        var seen = scratch.FirstRecord(LocationType, location.ExternalId, row, SHA256.HashData(canonical));
        if (seen is { Same: false } earlier && earlier.Row != row)
        {
            problems.Add(new ImportProblem(location.ExternalId, field, $"location '{location.ExternalId}' differs from the one at row {earlier.Row}"));
        }

        if (location.Latitude is < -90 or > 90)
        {
            problems.Add(new ImportProblem(location.ExternalId, $"{field}.latitude", $"latitude {location.Latitude} is out of range"));
        }

        if (location.Longitude is < -180 or > 180)
        {
            problems.Add(new ImportProblem(location.ExternalId, $"{field}.longitude", $"longitude {location.Longitude} is out of range"));
        }

        if (location.Latitude.HasValue != location.Longitude.HasValue)
        {
            problems.Add(new ImportProblem(location.ExternalId, $"{field}.latitude", "latitude and longitude come together"));
        }

        var (_, error) = comuni.Match(location.Comune);
        if (error is not null)
        {
            problems.Add(new ImportProblem(location.ExternalId, $"{field}.comune", error));
        }

        return (seen is null, canonical);
    }

    /// <summary>Rejects the row if it has problems; true when it passed.</summary>
    private bool Conclude(int row, List<ImportProblem> problems, List<string> ids)
    {
        if (problems.Count > 0)
        {
            Reject(row, problems, ids);
            return false;
        }

        return true;
    }

    private void Reject(int row, IReadOnlyList<ImportProblem> problems, List<string> ids)
    {
        RejectedRows++;
        scratch.Reject(row);
        foreach (var problem in problems)
        {
            if (Rejections.Count < maxRejections)
            {
                Rejections.Add(new RejectedRow(row, problem));
            }
        }

        var known = ids.Concat(problems.Select(p => p.ExternalId).OfType<string>()).ToList();
        known.ForEach(scratch.Keep);
        if (known.Count == 0)
        {
            HasAnonymousRejections = true;
        }
    }
}
