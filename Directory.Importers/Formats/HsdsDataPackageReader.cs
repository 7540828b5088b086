using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Directory.Importers.Fetching;
using Directory.Importers.Sources;
using Directory.Importers.Sync;
using Directory.Model.Importing;

namespace Directory.Importers.Formats;

/// <summary>
/// Reads an Open Referral HSDS 3.0 tabular data package: <c>datapackage.json</c> naming CSV resources by their HSDS
/// table (organization, service, location, service_at_location, address, phone, schedule, language, attribute,
/// taxonomy_term; others are ignored). Rows are joined by id into the nested service record of HSDS JSON and mapped
/// by <see cref="HsdsJsonReader"/>, so both formats import alike. The linked tables are held in memory; services
/// are streamed. A row whose reference (<c>service_id</c>, <c>location_id</c>, ...) names no row of the table it
/// points to is rejected, its field written <c>file:line:column</c>; the service that needs it is rejected too.
/// Rows of this format are numbered in the order read: services first, then rows rejected on their own.
/// </summary>
public sealed class HsdsDataPackageReader(FeedFetcher fetcher) : IFeedReader
{
    public ImportFormat Format => ImportFormat.HsdsDataPackage;

    private sealed class Tables
    {
        public Dictionary<string, PackageRow> Organizations { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, PackageRow> Locations { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, PackageRow> Terms { get; } = new(StringComparer.Ordinal);
        public ILookup<string, PackageRow> AddressesByLocation { get; set; } = Empty;
        public ILookup<string, PackageRow> LinksByService { get; set; } = Empty;
        public ILookup<string, PackageRow> PhonesByService { get; set; } = Empty;
        public ILookup<string, PackageRow> PhonesByLocation { get; set; } = Empty;
        public ILookup<string, PackageRow> PhonesByOrganization { get; set; } = Empty;
        public ILookup<string, PackageRow> SchedulesByLink { get; set; } = Empty;
        public ILookup<string, PackageRow> SchedulesByService { get; set; } = Empty;
        public ILookup<string, PackageRow> LanguagesByService { get; set; } = Empty;
        public ILookup<string, PackageRow> AttributesByService { get; set; } = Empty;

        private static readonly ILookup<string, PackageRow> Empty = System.Array.Empty<PackageRow>().ToLookup(r => "", StringComparer.Ordinal);
    }

    /// <summary>A row that refers to something missing, with where and why.</summary>
    private sealed record Orphan(PackageRow Row, string Column, string Message);

    public async IAsyncEnumerable<ImportItem> ReadAsync(Stream content, SourceDefinition source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var package = await DataPackage.OpenAsync(content, source, fetcher, cancellationToken).ConfigureAwait(false);
        if (!package.Has("service"))
        {
            throw new InvalidDataException("datapackage.json lists no 'service' resource");
        }

        var tables = new Tables();
        var orphans = new List<Orphan>();
        await LoadAsync(package, tables, orphans, cancellationToken).ConfigureAwait(false);

        var row = 0;
        var services = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var service in package.RowsAsync("service", cancellationToken).ConfigureAwait(false))
        {
            row++;
            if (service["id"] is { } id)
            {
                services.Add(id);
            }

            yield return Service(row, service, tables, package);
        }

        // Rows linked to a service that the service table does not hold.
        foreach (var (name, lookup) in new[]
        {
            ("service_at_location", tables.LinksByService), ("phone", tables.PhonesByService), ("schedule", tables.SchedulesByService),
            ("language", tables.LanguagesByService), ("attribute", tables.AttributesByService),
        })
        {
            foreach (var group in lookup.Where(g => !services.Contains(g.Key)))
            {
                orphans.AddRange(group.Select(r => new Orphan(r, name == "attribute" ? "link_id" : "service_id", $"refers to service '{group.Key}', which {package.FileOf("service")} does not list")));
            }
        }

        foreach (var orphan in orphans.OrderBy(o => o.Row.File, StringComparer.Ordinal).ThenBy(o => o.Row.Line))
        {
            yield return ImportItem.Rejected(++row, orphan.Row["id"], orphan.Row.Where(orphan.Column), orphan.Message);
        }
    }

    private static async Task LoadAsync(DataPackage package, Tables tables, List<Orphan> orphans, CancellationToken cancellationToken)
    {
        await foreach (var r in package.RowsAsync("organization", cancellationToken).ConfigureAwait(false))
        {
            AddById(tables.Organizations, r);
        }

        await foreach (var r in package.RowsAsync("location", cancellationToken).ConfigureAwait(false))
        {
            AddById(tables.Locations, r);
        }

        await foreach (var r in package.RowsAsync("taxonomy_term", cancellationToken).ConfigureAwait(false))
        {
            AddById(tables.Terms, r);
        }

        var links = new List<PackageRow>();
        var linkIds = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var r in package.RowsAsync("service_at_location", cancellationToken).ConfigureAwait(false))
        {
            if (r["service_id"] is null)
            {
                orphans.Add(new Orphan(r, "service_id", "a service_at_location needs a service_id"));
                continue;
            }

            links.Add(r);
            if (r["id"] is { } id)
            {
                linkIds.Add(id);
            }
        }

        tables.LinksByService = links.ToLookup(r => r["service_id"]!, StringComparer.Ordinal);
        var addresses = await ListAsync(package, "address", cancellationToken).ConfigureAwait(false);
        tables.AddressesByLocation = Linked(addresses, "location_id", tables.Locations.ContainsKey, package.FileOf("location"), "location", orphans).ToLookup(r => r["location_id"]!, StringComparer.Ordinal);

        var phones = await ListAsync(package, "phone", cancellationToken).ConfigureAwait(false);
        phones = Linked(phones, "location_id", tables.Locations.ContainsKey, package.FileOf("location"), "location", orphans, optional: true);
        phones = Linked(phones, "organization_id", tables.Organizations.ContainsKey, package.FileOf("organization"), "organization", orphans, optional: true);
        tables.PhonesByService = phones.Where(r => r["service_id"] is not null).ToLookup(r => r["service_id"]!, StringComparer.Ordinal);
        tables.PhonesByLocation = phones.Where(r => r["location_id"] is not null).ToLookup(r => r["location_id"]!, StringComparer.Ordinal);
        tables.PhonesByOrganization = phones.Where(r => r["organization_id"] is not null).ToLookup(r => r["organization_id"]!, StringComparer.Ordinal);

        var schedules = await ListAsync(package, "schedule", cancellationToken).ConfigureAwait(false);
        schedules = Linked(schedules, "service_at_location_id", linkIds.Contains, package.FileOf("service_at_location"), "service_at_location", orphans, optional: true);
        tables.SchedulesByLink = schedules.Where(r => r["service_at_location_id"] is not null).ToLookup(r => r["service_at_location_id"]!, StringComparer.Ordinal);
        tables.SchedulesByService = schedules.Where(r => r["service_at_location_id"] is null && r["service_id"] is not null).ToLookup(r => r["service_id"]!, StringComparer.Ordinal);

        tables.LanguagesByService = (await ListAsync(package, "language", cancellationToken).ConfigureAwait(false))
            .Where(r => r["service_id"] is not null).ToLookup(r => r["service_id"]!, StringComparer.Ordinal);

        var attributes = (await ListAsync(package, "attribute", cancellationToken).ConfigureAwait(false))
            .Where(r => r["link_entity"] is null or "service" && r["link_id"] is not null).ToList();
        attributes = Linked(attributes, "taxonomy_term_id", tables.Terms.ContainsKey, package.FileOf("taxonomy_term"), "taxonomy term", orphans);
        tables.AttributesByService = attributes.ToLookup(r => r["link_id"]!, StringComparer.Ordinal);
    }

    private static void AddById(Dictionary<string, PackageRow> table, PackageRow row)
    {
        // Rows without an id cannot be referred to; a repeated id keeps its first row.
        if (row["id"] is { } id)
        {
            table.TryAdd(id, row);
        }
    }

    private static async Task<List<PackageRow>> ListAsync(DataPackage package, string name, CancellationToken cancellationToken)
    {
        var rows = new List<PackageRow>();
        await foreach (var r in package.RowsAsync(name, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(r);
        }

        return rows;
    }

    /// <summary>The rows whose reference in <paramref name="column"/> exists (or, when optional, is empty); the others become orphans.</summary>
    private static List<PackageRow> Linked(List<PackageRow> rows, string column, Func<string, bool> exists, string file, string what, List<Orphan> orphans, bool optional = false)
    {
        var kept = new List<PackageRow>();
        foreach (var r in rows)
        {
            var id = r[column];
            if (id is null ? optional : exists(id))
            {
                kept.Add(r);
                continue;
            }

            orphans.Add(new Orphan(r, column, id is null ? $"{column} is required" : $"refers to {what} '{id}', which {file} does not list"));
        }

        return kept;
    }

    /// <summary>The nested HSDS service record of one service row, mapped as HSDS JSON; missing references are problems of the row.</summary>
    private static ImportItem Service(int row, PackageRow service, Tables tables, DataPackage package)
    {
        var id = service["id"];
        if (id is null)
        {
            return ImportItem.Rejected(row, null, service.Where("id"), "the service has no id");
        }

        var problems = new List<ImportProblem>();
        var json = Object(service);
        if (service["organization_id"] is { } organizationId)
        {
            if (tables.Organizations.TryGetValue(organizationId, out var organization))
            {
                var o = Object(organization);
                o["phones"] = Array(tables.PhonesByOrganization[organizationId]);
                json["organization"] = o;
            }
            else
            {
                problems.Add(new ImportProblem(id, service.Where("organization_id"), $"refers to organization '{organizationId}', which {package.FileOf("organization")} does not list"));
            }
        }

        var links = new JsonArray();
        foreach (var link in tables.LinksByService[id])
        {
            var locationId = link["location_id"];
            if (locationId is null || !tables.Locations.TryGetValue(locationId, out var location))
            {
                problems.Add(new ImportProblem(id, link.Where("location_id"), locationId is null
                    ? "a service_at_location needs a location_id"
                    : $"refers to location '{locationId}', which {package.FileOf("location")} does not list"));
                continue;
            }

            var l = Object(location);
            l["addresses"] = Array(tables.AddressesByLocation[locationId]);
            l["phones"] = Array(tables.PhonesByLocation[locationId]);
            var s = Object(link);
            s["location"] = l;
            s["schedules"] = link["id"] is { } linkId ? Array(tables.SchedulesByLink[linkId]) : [];
            links.Add(s);
        }

        json["service_at_locations"] = links;
        json["phones"] = Array(tables.PhonesByService[id]);
        json["schedules"] = Array(tables.SchedulesByService[id]);
        json["languages"] = Array(tables.LanguagesByService[id]);
        json["attributes"] = new JsonArray([.. tables.AttributesByService[id].Select(a => new JsonObject { ["taxonomy_term"] = Object(tables.Terms[a["taxonomy_term_id"]!]) })]);

        var item = HsdsJsonReader.Read(row, System.Text.Json.JsonSerializer.SerializeToElement(json));
        return problems.Count == 0 ? item : new ImportItem(row, null, [.. problems, .. item.Problems]);
    }

    private static JsonObject Object(PackageRow row)
    {
        var json = new JsonObject();
        foreach (var (column, index) in row.Columns)
        {
            if (index < row.Cells.Length && row.Cells[index].Trim() is { Length: > 0 } value)
            {
                json[column] = value;
            }
        }

        return json;
    }

    private static JsonArray Array(IEnumerable<PackageRow> rows) => new([.. rows.Select(Object)]);
}
