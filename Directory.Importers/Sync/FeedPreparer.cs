using System.Text.Json;

namespace Directory.Importers.Sync;

/// <summary>A row the run skipped, and why.</summary>
public sealed record RejectedRow(int Row, ImportProblem Problem);

/// <summary>
/// Checks and matches the records a reader yields, row by row: comuni, categories, organizations, duplicates.
/// A row with any problem is rejected whole (with every reason), and the records it names are kept as stored.
/// </summary>
public sealed partial class FeedPreparer(ComuneMatcher comuni, IReadOnlySet<string> categoryCodes, bool hasOwnerOrganization)
{
    private readonly Dictionary<string, (int Row, string Json)> _seenOrganizations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Row, string Json)> _seenLocations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _seenServices = new(StringComparer.Ordinal);
    private readonly HashSet<int> _rejectedRows = [];

    public PreparedFeed Feed { get; } = new();

    public List<RejectedRow> Rejections { get; } = [];

    /// <summary>Rows read.</summary>
    public int Rows { get; private set; }

    /// <summary>Rows rejected.</summary>
    public int RejectedRows => _rejectedRows.Count;

    public void Add(ImportItem item)
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
                AddService(item.Row, service);
                break;
            case ImportedOrganization organization:
                var organizationProblems = new List<ImportProblem>();
                CheckOrganization(item.Row, organization, organizationProblems);
                Commit(item.Row, organizationProblems, [organization.ExternalId], () => Feed.Organizations[organization.ExternalId] = organization);
                break;
            case ImportedLocation location:
                var locationProblems = new List<ImportProblem>();
                var match = CheckLocation(item.Row, location, "location", locationProblems);
                Commit(item.Row, locationProblems, [location.ExternalId], () => Feed.Locations[location.ExternalId] = (location, match!, null));
                break;
            case ImportedAssociation association:
                AddAssociation(item.Row, association);
                break;
            default:
                Reject(item.Row, [new ImportProblem(null, null, "the row holds no record")], []);
                break;
        }
    }

    private void AddService(int row, ImportedService service)
    {
        var problems = new List<ImportProblem>();
        var id = service.ExternalId;
        if (_seenServices.TryGetValue(id, out var firstRow))
        {
            problems.Add(new ImportProblem(id, "id", $"duplicate service id '{id}' (first at row {firstRow})"));
        }

        if (service.Organization is { } organization)
        {
            CheckOrganization(row, organization, problems);
        }
        else if (!hasOwnerOrganization)
        {
            problems.Add(new ImportProblem(id, "organization", "the row names no organization and the source has no owning organization"));
        }

        foreach (var code in service.CategoryCodes.Where(c => !categoryCodes.Contains(c)))
        {
            problems.Add(new ImportProblem(id, "categories", $"unknown category code '{code}'"));
        }

        var matches = new List<MatchedComune?>();
        foreach (var group in service.Locations.GroupBy(l => l.Location.ExternalId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new ImportProblem(id, "locations", $"location '{group.Key}' is listed twice"));
        }

        foreach (var link in service.Locations)
        {
            matches.Add(CheckLocation(row, link.Location, "location", problems));
        }

        var ids = new List<string> { id };
        ids.AddRange(service.Locations.Select(l => l.Location.ExternalId));
        if (service.Organization is not null)
        {
            ids.Add(service.Organization.ExternalId);
        }

        if (!_seenServices.ContainsKey(id))
        {
            _seenServices[id] = row;
        }

        Commit(row, problems, ids, () =>
        {
            Feed.Services[id] = service;
            if (service.Organization is { } o)
            {
                Feed.Organizations[o.ExternalId] = o;
            }

            for (var i = 0; i < service.Locations.Count; i++)
            {
                Feed.Locations[service.Locations[i].Location.ExternalId] = (service.Locations[i].Location, matches[i]!, service.Organization?.ExternalId);
            }
        });
    }

    private void CheckOrganization(int row, ImportedOrganization organization, List<ImportProblem> problems)
    {
        var json = JsonSerializer.Serialize(organization);
        if (_seenOrganizations.TryGetValue(organization.ExternalId, out var seen) && seen.Row != row && seen.Json != json)
        {
            problems.Add(new ImportProblem(organization.ExternalId, "organization", $"organization '{organization.ExternalId}' differs from the one at row {seen.Row}"));
        }
        else if (!_seenOrganizations.ContainsKey(organization.ExternalId))
        {
            _seenOrganizations[organization.ExternalId] = (row, json);
        }
    }

    private MatchedComune? CheckLocation(int row, ImportedLocation location, string field, List<ImportProblem> problems)
    {
        var json = JsonSerializer.Serialize(location);
        if (_seenLocations.TryGetValue(location.ExternalId, out var seen) && seen.Row != row && seen.Json != json)
        {
            problems.Add(new ImportProblem(location.ExternalId, field, $"location '{location.ExternalId}' differs from the one at row {seen.Row}"));
        }
        else if (!_seenLocations.ContainsKey(location.ExternalId))
        {
            _seenLocations[location.ExternalId] = (row, json);
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

        var (comune, error) = comuni.Match(location.Comune);
        if (error is not null)
        {
            problems.Add(new ImportProblem(location.ExternalId, $"{field}.comune", error));
        }

        return comune;
    }

    private void Commit(int row, List<ImportProblem> problems, List<string> ids, Action accept)
    {
        if (problems.Count == 0)
        {
            accept();
        }
        else
        {
            Reject(row, problems, ids);
        }
    }

    private void Reject(int row, IReadOnlyList<ImportProblem> problems, List<string> ids)
    {
        _rejectedRows.Add(row);
        foreach (var problem in problems)
        {
            Rejections.Add(new RejectedRow(row, problem));
        }

        var known = ids.Concat(problems.Select(p => p.ExternalId).OfType<string>()).ToList();
        Feed.KeptIds.UnionWith(known);
        if (known.Count == 0)
        {
            Feed.HasAnonymousRejections = true;
        }
    }
}
