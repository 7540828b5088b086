using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Directory.Importers.Sources;
using Directory.Importers.Sync;
using Directory.Model.Common;
using Directory.Model.Importing;

namespace Directory.Importers.Formats;

/// <summary>
/// Reads Open Referral HSDS 3.0 service records (schema/service.json): a top-level array of services (streamed
/// one at a time), a paged list (<c>{"contents": [...]}</c>, one page), or a single service. Each service brings its
/// organization, its service_at_locations with their location (address, coordinates, phones) and schedules, phones,
/// languages and taxonomy terms (attributes[].taxonomy_term.code, matched against the Directory's category codes).
/// </summary>
public sealed class HsdsJsonReader : IFeedReader
{
    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss", "H:mm"];

    public ImportFormat Format => ImportFormat.HsdsJson;

    public async IAsyncEnumerable<ImportItem> ReadAsync(Stream content, SourceDefinition source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new PeekableStream(content);
        var first = await stream.PeekFirstSignificantByteAsync(cancellationToken).ConfigureAwait(false);
        var row = 0;
        if (first == '[')
        {
            await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                yield return Read(++row, element);
            }

            yield break;
        }

        if (first != '{')
        {
            throw new JsonException("an HSDS feed is a JSON array of services, a paged list or one service");
        }

        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (document.RootElement.TryGetProperty("contents", out var contents) && contents.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in contents.EnumerateArray())
            {
                yield return Read(++row, element);
            }
        }
        else
        {
            yield return Read(1, document.RootElement);
        }
    }

    /// <summary>Maps one HSDS service object; every problem found is reported with the field's HSDS path.</summary>
    public static ImportItem Read(int row, JsonElement service)
    {
        var problems = new List<ImportProblem>();
        if (service.ValueKind != JsonValueKind.Object)
        {
            return ImportItem.Rejected(row, null, null, "expected a service object");
        }

        var id = Text(service, "id");
        var name = Text(service, "name");
        if (id is null)
        {
            return ImportItem.Rejected(row, null, "id", "the service has no id");
        }

        if (name is null)
        {
            problems.Add(new ImportProblem(id, "name", "the service has no name"));
        }

        var status = Text(service, "status")?.ToLowerInvariant() switch
        {
            null or "active" => ServiceStatus.Active,
            "inactive" or "defunct" => ServiceStatus.Inactive,
            "temporarily closed" => ServiceStatus.TemporarilyClosed,
            var other => Problem(problems, id, "status", $"unknown status '{other}'", ServiceStatus.Active),
        };
        var serviceSchedules = Schedules(service, "schedules", id, problems);
        var locations = new List<ImportedServiceAtLocation>();
        foreach (var (link, index) in Array(service, "service_at_locations").Select((l, i) => (l, i)))
        {
            if (!link.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new ImportProblem(id, $"service_at_locations[{index}].location", "the service_at_location has no location"));
                continue;
            }

            if (string.Equals(Text(location, "location_type"), "virtual", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var imported = Location(location, $"service_at_locations[{index}].location", id, problems);
            if (imported is not null)
            {
                var schedules = Schedules(link, "schedules", id, problems);
                locations.Add(new ImportedServiceAtLocation(imported)
                {
                    Description = Text(link, "description"),
                    Schedules = schedules.Count > 0 ? schedules : serviceSchedules,
                });
            }
        }

        ImportedOrganization? organization = null;
        if (service.TryGetProperty("organization", out var org) && org.ValueKind == JsonValueKind.Object)
        {
            var orgId = Text(org, "id");
            var orgName = Text(org, "name");
            if (orgId is null || orgName is null)
            {
                problems.Add(new ImportProblem(id, "organization", "the organization needs an id and a name"));
            }
            else
            {
                organization = new ImportedOrganization(orgId, orgName)
                {
                    AlternateName = Text(org, "alternate_name"),
                    Description = Text(org, "description"),
                    Website = Text(org, "website"),
                    Email = Text(org, "email"),
                    Phones = Phones(org, "organization.phones", id, problems),
                };
            }
        }

        if (problems.Count > 0)
        {
            return new ImportItem(row, null, problems);
        }

        return ImportItem.Valid(row, new ImportedService(id, name!)
        {
            Organization = organization,
            AlternateName = Text(service, "alternate_name"),
            Description = Text(service, "description"),
            Url = Text(service, "url"),
            Email = Text(service, "email"),
            Status = status,
            ApplicationProcess = Text(service, "application_process"),
            FeesDescription = Text(service, "fees_description"),
            EligibilityDescription = Text(service, "eligibility_description"),
            MinimumAge = Int(service, "minimum_age", id, problems),
            MaximumAge = Int(service, "maximum_age", id, problems),
            Languages = Array(service, "languages").Select(l => Text(l, "code") ?? Text(l, "name")).OfType<string>().Distinct().ToList(),
            CategoryCodes = Array(service, "attributes").Select(a => a.TryGetProperty("taxonomy_term", out var t) && t.ValueKind == JsonValueKind.Object ? Text(t, "code") : null)
                .OfType<string>().Distinct().ToList(),
            Phones = Phones(service, "phones", id, problems),
            Locations = locations,
        });
    }

    private static ImportedLocation? Location(JsonElement location, string path, string serviceId, List<ImportProblem> problems)
    {
        var id = Text(location, "id");
        if (id is null)
        {
            problems.Add(new ImportProblem(serviceId, $"{path}.id", "the location has no id"));
            return null;
        }

        // HSDS 3.0 names the list "addresses" (published examples generated from the schema spell it "addresss").
        var addresses = Array(location, "addresses").Concat(Array(location, "addresss")).ToList();
        var address = addresses.FirstOrDefault(a => Text(a, "address_type") == "physical");
        if (address.ValueKind == JsonValueKind.Undefined)
        {
            address = addresses.FirstOrDefault();
        }

        // An ISTAT or cadastral code may come as the location's external identifier.
        var identifierType = Text(location, "external_identifier_type")?.ToLowerInvariant();
        var identifier = Text(location, "external_identifier");
        var comune = new ComuneReference(
            identifierType == "istat" ? identifier : null,
            identifierType is "cadastral" or "belfiore" ? identifier : null,
            address.ValueKind == JsonValueKind.Object ? Text(address, "city") : null,
            address.ValueKind == JsonValueKind.Object ? Text(address, "state_province") : null);
        if (comune.IsEmpty)
        {
            problems.Add(new ImportProblem(serviceId, $"{path}.addresses", $"location '{id}' has no physical address with a city"));
        }

        return new ImportedLocation(id, Text(location, "name") ?? (address.ValueKind == JsonValueKind.Object ? Text(address, "address_1") : null) ?? id, comune)
        {
            Description = Text(location, "description"),
            Transportation = Text(location, "transportation"),
            AddressLine1 = address.ValueKind == JsonValueKind.Object ? Text(address, "address_1") : null,
            AddressLine2 = address.ValueKind == JsonValueKind.Object ? Text(address, "address_2") : null,
            PostalCode = address.ValueKind == JsonValueKind.Object ? Text(address, "postal_code") : null,
            Latitude = Double(location, "latitude", serviceId, $"{path}.latitude", problems),
            Longitude = Double(location, "longitude", serviceId, $"{path}.longitude", problems),
            Phones = Phones(location, $"{path}.phones", serviceId, problems),
        };
    }

    private static List<ImportedSchedule> Schedules(JsonElement owner, string property, string serviceId, List<ImportProblem> problems)
    {
        var result = new List<ImportedSchedule>();
        foreach (var s in Array(owner, property))
        {
            var byday = Text(s, "byday");
            var opens = Text(s, "opens_at");
            var closes = Text(s, "closes_at");
            // Schedules without weekly hours (only a description or a link) have nothing the Directory can store.
            if (byday is null || opens is null || closes is null)
            {
                continue;
            }

            var freq = Text(s, "freq");
            if (freq is not null && !string.Equals(freq, "WEEKLY", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ImportProblem(serviceId, $"{property}.freq", $"only weekly schedules are supported, not '{freq}'"));
                continue;
            }

            if (!TimeOnly.TryParseExact(opens, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var opensAt)
                || !TimeOnly.TryParseExact(closes, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var closesAt))
            {
                problems.Add(new ImportProblem(serviceId, $"{property}.opens_at", $"times must be HH:mm, not '{opens}'-'{closes}'"));
                continue;
            }

            foreach (var day in byday.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (Hours.Day(day) is not { } dayOfWeek)
                {
                    problems.Add(new ImportProblem(serviceId, $"{property}.byday", $"'{day}' is not a day (MO, TU, WE, TH, FR, SA, SU)"));
                    continue;
                }

                result.Add(new ImportedSchedule(dayOfWeek, opensAt, closesAt)
                {
                    Note = Text(s, "description") ?? Text(s, "notes"),
                    ValidFrom = Date(s, "valid_from"),
                    ValidTo = Date(s, "valid_to"),
                });
            }
        }

        return result;
    }

    private static List<ImportedPhone> Phones(JsonElement owner, string path, string serviceId, List<ImportProblem> problems)
    {
        var result = new List<ImportedPhone>();
        foreach (var p in Array(owner, "phones"))
        {
            if (Text(p, "number") is not { } number)
            {
                problems.Add(new ImportProblem(serviceId, $"{path}.number", "a phone has no number"));
                continue;
            }

            PhoneType? type = Text(p, "type")?.ToLowerInvariant() switch
            {
                null or "voice" => PhoneType.Voice,
                "fax" => PhoneType.Fax,
                "text" => PhoneType.Text,
                "cell" => PhoneType.Cell,
                "video" => PhoneType.Video,
                "pager" => PhoneType.Pager,
                "textphone" => PhoneType.Textphone,
                _ => null,
            };
            if (type is null)
            {
                problems.Add(new ImportProblem(serviceId, $"{path}.type", $"unknown phone type '{Text(p, "type")}'"));
                continue;
            }

            result.Add(new ImportedPhone(number) { Extension = Text(p, "extension"), Type = type.Value, Description = Text(p, "description") });
        }

        return result;
    }

    private static List<JsonElement> Array(JsonElement owner, string property) =>
        owner.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    private static string? Text(JsonElement owner, string property)
    {
        if (!owner.TryGetProperty(property, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static int? Int(JsonElement owner, string property, string serviceId, List<ImportProblem> problems)
    {
        if (Text(owner, property) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : Problem<int?>(problems, serviceId, property, $"'{text}' is not a whole number", null);
    }

    private static double? Double(JsonElement owner, string property, string serviceId, string path, List<ImportProblem> problems)
    {
        if (Text(owner, property) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : Problem<double?>(problems, serviceId, path, $"'{text}' is not a number", null);
    }

    private static DateOnly? Date(JsonElement owner, string property) =>
        Text(owner, property) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static T Problem<T>(List<ImportProblem> problems, string id, string field, string message, T fallback)
    {
        problems.Add(new ImportProblem(id, field, message));
        return fallback;
    }
}
