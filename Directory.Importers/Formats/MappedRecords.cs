using Directory.Importers.Sync;
using Directory.Model.Common;

namespace Directory.Importers.Formats;

/// <summary>
/// Builds import records from a mapped row, whatever the format that holds it (a CSV line, a GeoJSON feature's
/// properties). Field names are those of <see cref="CsvMapping.Fields"/> and <see cref="GeoJsonMapping.AssociationFields"/>.
/// </summary>
internal static class MappedRecords
{
    public static ImportItem Service(int line, MappedRow row)
    {
        var id = row["service.id"];
        if (id is null)
        {
            return ImportItem.Rejected(line, null, "service.id", "the line has no service id");
        }

        row.Id = id;
        var name = row["service.name"];
        if (name is null)
        {
            row.Problems.Add(new ImportProblem(id, "service.name", "the line has no service name"));
        }

        ImportedOrganization? organization = null;
        if (row["organization.name"] is { } organizationName)
        {
            organization = new ImportedOrganization(row["organization.id"] ?? row["organization.taxId"] ?? "org:" + TextFolding.Fold(organizationName), organizationName)
            {
                AlternateName = row["organization.alternateName"],
                Description = row["organization.description"],
                Website = row["organization.website"],
                Email = row["organization.email"],
                TaxId = row["organization.taxId"],
                Kind = row["organization.kind"] is null ? null : row.Enum("organization.kind", OrganizationKind.Other),
                Phones = row.Phone("organization.phone"),
            };
        }

        var locations = new List<ImportedServiceAtLocation>();
        if (Location(row, id, name) is { } location)
        {
            var schedules = new List<ImportedSchedule>();
            if (row["service.hours"] is { } hours)
            {
                var (intervals, error) = Hours.Parse(hours);
                if (error is not null)
                {
                    row.Problems.Add(new ImportProblem(id, "service.hours", error));
                }

                schedules.AddRange(intervals.Select(i => new ImportedSchedule(i.Day, i.Opens, i.Closes)));
            }

            locations.Add(new ImportedServiceAtLocation(location) { Schedules = schedules });
        }

        var service = new ImportedService(id, name ?? id)
        {
            Organization = organization,
            AlternateName = row["service.alternateName"],
            ShortDescription = row["service.shortDescription"],
            Description = row["service.description"],
            Url = row["service.url"],
            Email = row["service.email"],
            Status = row.Enum("service.status", ServiceStatus.Active),
            Languages = row.List("service.languages"),
            CategoryCodes = row.List("service.categories"),
            ApplicationProcess = row["service.applicationProcess"],
            FeesDescription = row["service.feesDescription"],
            EligibilityDescription = row["service.eligibilityDescription"],
            Phones = row.Phone("service.phone"),
            Locations = locations,
        };
        return row.Problems.Count > 0 ? new ImportItem(line, null, row.Problems) : ImportItem.Valid(line, service);
    }

    /// <summary>An association and its headquarters (a location of the same source, its id <c>location.id</c> or the association's).</summary>
    public static ImportItem Association(int line, MappedRow row)
    {
        var id = row["association.id"];
        if (id is null)
        {
            return ImportItem.Rejected(line, null, "association.id", "the record has no association id");
        }

        row.Id = id;
        var name = row["association.name"];
        if (name is null)
        {
            row.Problems.Add(new ImportProblem(id, "association.name", "the association has no name"));
        }

        var headquarters = Location(row, id, name);

        var socialLinks = new List<ImportedSocialLink>();
        foreach (var url in row.List("association.socialLinks"))
        {
            if (ImportedSocialLink.FromUrl(url) is { } link)
            {
                socialLinks.Add(link);
            }
            else
            {
                row.Problems.Add(new ImportProblem(id, "association.socialLinks", $"'{url}' is not an http(s) address"));
            }
        }

        var association = new ImportedAssociation(id, name ?? id)
        {
            Description = row["association.description"],
            Language = row["association.language"],
            Communities = row.List("association.communities").Select(c => c.ToUpperInvariant()).Distinct().ToList(),
            IsMultiCommunity = row.Boolean("association.isMultiCommunity"),
            Languages = row.List("association.languages").Distinct().ToList(),
            ActivityKinds = row.Enums<ActivityKind>("association.activityKinds"),
            AreaCodes = row.List("association.areas"),
            FoundedYear = row.Integer("association.foundedYear"),
            MembersCount = row.Integer("association.membersCount"),
            Email = row["association.email"],
            Website = row["association.website"],
            SocialLinks = socialLinks,
            Phones = row.Phone("association.phone"),
            Headquarters = headquarters,
        };
        return row.Problems.Count > 0 ? new ImportItem(line, null, row.Problems) : ImportItem.Valid(line, association);
    }

    /// <summary>
    /// The row's place (<c>location.*</c> fields; its id <c>location.id</c> or the record's), or null when the row names
    /// no comune, address or coordinates.
    /// </summary>
    private static ImportedLocation? Location(MappedRow row, string id, string? name)
    {
        var comune = new ComuneReference(row["location.comuneIstatCode"], row["location.comuneCadastralCode"], row["location.comune"], row["location.province"]);
        if (comune.IsEmpty && row["location.address"] is null && row["location.latitude"] is null)
        {
            return null;
        }

        return new ImportedLocation(row["location.id"] ?? id, row["location.name"] ?? name ?? id, comune)
        {
            Description = row["location.description"],
            AddressLine1 = row["location.address"],
            AddressLine2 = row["location.addressLine2"],
            PostalCode = row["location.postalCode"],
            Latitude = row.Number("location.latitude"),
            Longitude = row.Number("location.longitude"),
            Transportation = row["location.transportation"],
            Phones = row.Phone("location.phone"),
        };
    }
}
