using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Directory.Model.Associations;
using Directory.Model.Common;
using Directory.Model.Councils;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Procedures;
using Directory.Model.Services;
using Directory.Model.Translations;
using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Seeding;

/// <summary>
/// Loads the demonstration data from the <c>*.json</c> files of a folder (format in seed/demo/README.md).
/// Every file is read and checked before anything is written; then all new records go in one transaction.
/// A record whose (<c>demo</c>, ref) is already stored is skipped together with its children, so a second run writes nothing.
/// </summary>
public static class DemoSeeder
{
    public static async Task<int> SeedAsync(DirectoryDbContext db, string directory, CancellationToken cancellationToken)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new SeedDataException($"{directory}: the demo data folder does not exist");
        }

        var files = System.IO.Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal)
            .Select(path => (Path: path, Document: SeedJson.Read<DemoDocument>(path)))
            .ToList();
        var loader = await DemoLoader.CreateAsync(db, cancellationToken).ConfigureAwait(false);
        loader.Build(files);
        return await loader.WriteAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Checks the demo documents against each other and the database, then writes the new records in dependency order.</summary>
internal sealed class DemoLoader
{
    private readonly DirectoryDbContext _db;
    private readonly ReferenceData _reference;
    private readonly Dictionary<string, string> _refFiles = new(StringComparer.Ordinal);
    private readonly RefTable<Organization> _organizations;
    private readonly RefTable<Location> _locations;
    private readonly RefTable<Service> _services;
    private readonly RefTable<Procedure> _procedures;
    private readonly RefTable<Association> _associations;
    private readonly RefTable<RepresentativeCouncil> _councils;
    private readonly HashSet<string> _foreignSlugs;
    private readonly HashSet<(int, int)> _storedRelations;
    private readonly List<Action> _afterFirstSave = [];
    private readonly List<(string From, string To)> _relations = [];
    private readonly List<PendingTranslation> _translations = [];

    private DemoLoader(DirectoryDbContext db, ReferenceData reference, StoredDemoRecords stored)
    {
        _db = db;
        _reference = reference;
        _organizations = new("organization", stored.Organizations);
        _locations = new("location", stored.Locations);
        _services = new("service", stored.Services);
        _procedures = new("procedure", stored.Procedures);
        _associations = new("association", stored.Associations);
        _councils = new("council", stored.Councils);
        _foreignSlugs = stored.ForeignSlugs;
        _storedRelations = stored.Relations;
    }

    public static async Task<DemoLoader> CreateAsync(DirectoryDbContext db, CancellationToken cancellationToken)
    {
        var reference = await ReferenceData.LoadAsync(db, cancellationToken).ConfigureAwait(false);
        var procedures = await StoredAsync(db.Procedures, cancellationToken).ConfigureAwait(false);
        var procedureIds = procedures.Values.ToList();
        var stored = new StoredDemoRecords(
            await StoredAsync(db.Organizations, cancellationToken).ConfigureAwait(false),
            await StoredAsync(db.Locations, cancellationToken).ConfigureAwait(false),
            await StoredAsync(db.Services, cancellationToken).ConfigureAwait(false),
            procedures,
            await StoredAsync(db.Associations, cancellationToken).ConfigureAwait(false),
            await StoredAsync(db.Councils, cancellationToken).ConfigureAwait(false),
            (await db.Procedures.AsNoTracking().Where(p => p.Source != Sources.Demo).Select(p => p.Slug)
                .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal),
            (await db.ProcedureRelations.AsNoTracking().Where(r => procedureIds.Contains(r.ProcedureId))
                .Select(r => new { r.ProcedureId, r.RelatedProcedureId }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(r => (r.ProcedureId, r.RelatedProcedureId)).ToHashSet());
        return new DemoLoader(db, reference, stored);
    }

    private static Task<Dictionary<string, int>> StoredAsync<T>(DbSet<T> set, CancellationToken cancellationToken)
        where T : Entity =>
        set.AsNoTracking().Where(e => e.Source == Sources.Demo && e.ExternalId != null)
            .ToDictionaryAsync(e => e.ExternalId!, e => e.Id, StringComparer.Ordinal, cancellationToken);

    /// <summary>Builds every record of every file, failing on the first error; writes nothing.</summary>
    public void Build(List<(string Path, DemoDocument Document)> files)
    {
        // Pass 1: every ref is known before any is resolved, so records may point forward and across files.
        foreach (var (path, document) in files)
        {
            foreach (var organization in document.Organizations)
            {
                var at = new At(path, organization.Ref, "");
                Register(_organizations, at, organization.Ref, "ref");
                for (var j = 0; j < organization.Locations.Count; j++)
                {
                    Register(_locations, at, organization.Locations[j].Ref, $"locations[{j}].ref");
                }

                for (var j = 0; j < organization.Services.Count; j++)
                {
                    Register(_services, at, organization.Services[j].Ref, $"services[{j}].ref");
                }
            }

            foreach (var location in document.Locations)
            {
                Register(_locations, new At(path, location.Ref, ""), location.Ref, "ref");
            }

            foreach (var association in document.Associations)
            {
                Register(_associations, new At(path, association.Ref, ""), association.Ref, "ref");
            }

            foreach (var council in document.Councils)
            {
                Register(_councils, new At(path, council.Ref, ""), council.Ref, "ref");
            }

            foreach (var procedure in document.Procedures)
            {
                var slug = procedure.Slug;
                var at = new At(path, slug, "slug");
                at.Slug(slug);
                if (!_procedures.Declared.Add(slug))
                {
                    throw at.Fail("another procedure already uses this slug");
                }

                if (_foreignSlugs.Contains(slug))
                {
                    throw at.Fail("a procedure that is not demonstration data already uses this slug");
                }
            }
        }

        // Pass 2: organizations and places, which everything else points to.
        foreach (var (path, document) in files)
        {
            foreach (var seed in document.Organizations)
            {
                BuildOrganization(path, seed);
            }

            foreach (var seed in document.Locations)
            {
                BuildLocation(new At(path, seed.Ref, ""), seed, organizationRef: null);
            }
        }

        foreach (var (path, document) in files)
        {
            foreach (var seed in document.Organizations.Where(o => o.Parent is not null))
            {
                var at = new At(path, seed.Ref, "parent");
                var organization = _organizations.Built[seed.Ref];
                if (seed.Parent == seed.Ref)
                {
                    throw at.Fail("an organization cannot be its own parent");
                }

                _organizations.Link(at, seed.Parent!, p => organization.ParentOrganization = p, id => organization.ParentOrganizationId = id);
            }
        }

        // Pass 3: what hangs on organizations and places.
        foreach (var (path, document) in files)
        {
            foreach (var organization in document.Organizations)
            {
                foreach (var seed in organization.Services)
                {
                    BuildService(new At(path, seed.Ref, ""), seed, organization.Ref);
                }
            }

            foreach (var seed in document.Associations)
            {
                BuildAssociation(new At(path, seed.Ref, ""), seed);
            }

            foreach (var seed in document.Councils)
            {
                BuildCouncil(new At(path, seed.Ref, ""), seed);
            }

            foreach (var seed in document.Procedures)
            {
                BuildProcedure(new At(path, seed.Slug, ""), seed);
            }
        }
    }

    /// <summary>Inserts the new records in one transaction; returns rows written.</summary>
    public async Task<int> WriteAsync(CancellationToken cancellationToken)
    {
        if (_organizations.New.Count + _locations.New.Count + _services.New.Count + _procedures.New.Count
            + _associations.New.Count + _councils.New.Count + _relations.Count == 0)
        {
            return 0;
        }

        var written = 0;
        await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // New records point at new ones through navigations and at stored ones through keys, so EF orders the inserts.
            _db.Organizations.AddRange(_organizations.New.Values);
            _db.Locations.AddRange(_locations.New.Values);
            _db.Services.AddRange(_services.New.Values);
            _db.Associations.AddRange(_associations.New.Values);
            _db.Councils.AddRange(_councils.New.Values);
            written += await _db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

            // Steps and procedure links need the ids of organizations and services stored just now.
            foreach (var action in _afterFirstSave)
            {
                action();
            }

            _db.Procedures.AddRange(_procedures.New.Values);
            written += await _db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

            foreach (var (from, to) in _relations)
            {
                var pair = (_procedures.Id(from), _procedures.Id(to));
                if (_storedRelations.Add(pair))
                {
                    _db.ProcedureRelations.Add(new ProcedureRelation { ProcedureId = pair.Item1, RelatedProcedureId = pair.Item2 });
                }
            }

            _db.Translations.AddRange(_translations.Select(t => new Translation
            {
                EntityType = t.EntityType,
                EntityKey = t.Entity.Id.ToString(CultureInfo.InvariantCulture),
                Field = t.Field,
                Language = t.Language,
                Text = t.Text,
                SourceLanguage = t.SourceLanguage,
                IsMachineTranslated = false,
                Source = Sources.Demo,
            }));
            written += await _db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _db.ChangeTracker.Clear();
            throw;
        }

        return written;
    }

    private void Register<T>(RefTable<T> table, At at, string reference, string field)
        where T : Entity
    {
        var place = at with { Path = field };
        place.Ref(reference);
        if (_refFiles.TryGetValue(reference, out var other))
        {
            throw place.Fail($"ref '{reference}' is already used in {other}; refs are unique across all demo files and record kinds");
        }

        _refFiles[reference] = at.File;
        table.Declared.Add(reference);
    }

    private void BuildOrganization(string path, OrganizationSeed seed)
    {
        var at = new At(path, seed.Ref, "");
        var organization = new Organization
        {
            Name = at.Sub("name").Text(seed.Name),
            AlternateName = at.Sub("alternateName").OptionalText(seed.AlternateName),
            Kind = seed.Kind,
            Description = at.Sub("description").OptionalText(seed.Description),
            Language = at.Sub("language").Language(seed.Language),
            Website = at.Sub("website").Url(seed.Website),
            Email = at.Sub("email").Email(seed.Email),
            TaxId = at.Sub("taxId").OptionalText(seed.TaxId),
            ComuneIstatCode = seed.Comune is null ? null : _reference.Comune(at.Sub("comune"), seed.Comune),
            Source = Sources.Demo,
            ExternalId = seed.Ref,
        };
        organization.Phones.AddRange(Phones(at, seed.Phones, seed.Ref));
        var isNew = _organizations.Add(seed.Ref, organization);
        Translate(at, isNew, organization, nameof(Organization), organization.Language, seed.Translations,
            ("name", organization.Name), ("alternateName", organization.AlternateName), ("description", organization.Description));

        foreach (var location in seed.Locations)
        {
            BuildLocation(new At(path, location.Ref, ""), location, seed.Ref);
        }
    }

    private void BuildLocation(At at, LocationSeed seed, string? organizationRef)
    {
        var comune = _reference.Comune(at.Sub("comune"), seed.Comune);
        var (latitude, longitude) = _reference.Coordinates(at, comune, seed.Latitude, seed.Longitude, seed.CoordinateQuality);
        var location = new Location
        {
            Name = at.Sub("name").Text(seed.Name),
            Description = at.Sub("description").OptionalText(seed.Description),
            Language = at.Sub("language").Language(seed.Language),
            AddressLine1 = at.Sub("addressLine1").OptionalText(seed.AddressLine1),
            AddressLine2 = at.Sub("addressLine2").OptionalText(seed.AddressLine2),
            PostalCode = at.Sub("postalCode").PostalCode(seed.PostalCode),
            ComuneIstatCode = comune,
            Latitude = latitude,
            Longitude = longitude,
            CoordinateQuality = seed.CoordinateQuality,
            Accessibility = at.Sub("accessibility").OptionalText(seed.Accessibility),
            WheelchairAccessible = seed.WheelchairAccessible,
            Transportation = at.Sub("transportation").OptionalText(seed.Transportation),
            Source = Sources.Demo,
            ExternalId = seed.Ref,
        };
        location.Phones.AddRange(Phones(at, seed.Phones, seed.Ref));
        var isNew = _locations.Add(seed.Ref, location);
        if (isNew && organizationRef is not null)
        {
            _organizations.Link(at, organizationRef, o => o.Locations.Add(location), id => location.OrganizationId = id);
        }

        Translate(at, isNew, location, nameof(Location), location.Language, seed.Translations,
            ("name", location.Name), ("description", location.Description), ("accessibility", location.Accessibility),
            ("transportation", location.Transportation));
    }

    private void BuildService(At at, ServiceSeed seed, string organizationRef)
    {
        var service = new Service
        {
            Name = at.Sub("name").Text(seed.Name),
            AlternateName = at.Sub("alternateName").OptionalText(seed.AlternateName),
            ShortDescription = at.Sub("shortDescription").OptionalText(seed.ShortDescription),
            Description = at.Sub("description").OptionalText(seed.Description),
            Language = at.Sub("language").Language(seed.Language),
            Url = at.Sub("url").Url(seed.Url),
            Email = at.Sub("email").Email(seed.Email),
            Status = seed.Status,
            Languages = at.Sub("languages").Languages(seed.Languages),
            InterpretationAvailable = seed.InterpretationAvailable,
            TargetGroups = at.Sub("targetGroups").Distinct(seed.TargetGroups),
            MinimumAge = at.Sub("minimumAge").Age(seed.MinimumAge),
            MaximumAge = at.Sub("maximumAge").Age(seed.MaximumAge),
            EligibilityDescription = at.Sub("eligibilityDescription").OptionalText(seed.EligibilityDescription),
            IsFree = seed.IsFree,
            FeesDescription = at.Sub("feesDescription").OptionalText(seed.FeesDescription),
            ApplicationProcess = at.Sub("applicationProcess").OptionalText(seed.ApplicationProcess),
            Accessibility = at.Sub("accessibility").OptionalText(seed.Accessibility),
            Source = Sources.Demo,
            ExternalId = seed.Ref,
        };
        if (service.MinimumAge > service.MaximumAge)
        {
            throw at.Sub("maximumAge").Fail("is lower than minimumAge");
        }

        var categories = at.Sub("categories");
        foreach (var code in categories.Distinct(seed.Categories))
        {
            service.Categories.Add(new ServiceCategory { CategoryId = _reference.Category(categories, code) });
        }

        var areas = at.Sub("areas");
        foreach (var area in areas.Distinct(seed.Areas))
        {
            service.Areas.Add(new ServiceArea { AreaCode = _reference.Area(areas, area) });
        }

        for (var i = 0; i < seed.RequiredDocuments.Count; i++)
        {
            var document = seed.RequiredDocuments[i];
            var field = at.Sub($"requiredDocuments[{i}]");
            service.RequiredDocuments.Add(new RequiredDocument
            {
                Position = i + 1,
                Document = field.Sub("document").Text(document.Document),
                Uri = field.Sub("uri").Url(document.Uri),
                Source = Sources.Demo,
                ExternalId = $"{seed.Ref}/document-{i + 1}",
            });
        }

        service.Phones.AddRange(Phones(at, seed.Phones, seed.Ref));
        var isNew = _services.Add(seed.Ref, service);
        if (isNew)
        {
            _organizations.Link(at, organizationRef, o => o.Services.Add(service), id => service.OrganizationId = id);
        }

        if (seed.Locations.Count == 0)
        {
            throw at.Sub("locations").Fail("a service needs at least one location");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seed.Locations.Count; i++)
        {
            var where = seed.Locations[i];
            var field = at.Sub($"locations[{i}]");
            if (!seen.Add(where.Location))
            {
                throw field.Sub("location").Fail($"location '{where.Location}' is listed twice");
            }

            var key = $"{seed.Ref}@{where.Location}";
            var serviceAtLocation = new ServiceAtLocation
            {
                Description = field.Sub("description").OptionalText(where.Description),
                Source = Sources.Demo,
                ExternalId = key,
            };
            _locations.Link(field.Sub("location"), where.Location, l => serviceAtLocation.Location = l, id => serviceAtLocation.LocationId = id);
            serviceAtLocation.Schedules.AddRange(Schedules(field, where.Schedules, key));
            serviceAtLocation.SpecialHours.AddRange(SpecialHours(field, where.SpecialHours, key));
            serviceAtLocation.Phones.AddRange(Phones(field, where.Phones, key));
            service.ServiceAtLocations.Add(serviceAtLocation);
            Translate(field, isNew, serviceAtLocation, nameof(ServiceAtLocation), service.Language, where.Translations,
                ("description", serviceAtLocation.Description));
        }

        Translate(at, isNew, service, nameof(Service), service.Language, seed.Translations,
            ("name", service.Name), ("alternateName", service.AlternateName), ("shortDescription", service.ShortDescription),
            ("description", service.Description), ("eligibilityDescription", service.EligibilityDescription),
            ("feesDescription", service.FeesDescription), ("applicationProcess", service.ApplicationProcess),
            ("accessibility", service.Accessibility));
    }

    private static List<Schedule> Schedules(At at, List<ScheduleSeed> seeds, string owner)
    {
        var schedules = new List<Schedule>();
        for (var i = 0; i < seeds.Count; i++)
        {
            var seed = seeds[i];
            var field = at.Sub($"schedules[{i}]");
            if (seed.Days.Count == 0)
            {
                throw field.Sub("days").Fail("list at least one day");
            }

            if (seed.Opens == seed.Closes)
            {
                throw field.Sub("closes").Fail("must differ from opens");
            }

            if (seed.ValidFrom > seed.ValidTo)
            {
                throw field.Sub("validTo").Fail("is before validFrom");
            }

            foreach (var day in field.Sub("days").Distinct(seed.Days))
            {
                schedules.Add(new Schedule
                {
                    DayOfWeek = day,
                    Opens = seed.Opens,
                    Closes = seed.Closes,
                    ValidFrom = seed.ValidFrom,
                    ValidTo = seed.ValidTo,
                    Note = field.Sub("note").OptionalText(seed.Note),
                    Source = Sources.Demo,
                    ExternalId = $"{owner}/schedule-{schedules.Count + 1}",
                });
            }
        }

        return schedules;
    }

    private static List<SpecialHours> SpecialHours(At at, List<SpecialHoursSeed> seeds, string owner)
    {
        var days = new List<SpecialHours>();
        for (var i = 0; i < seeds.Count; i++)
        {
            var seed = seeds[i];
            var field = at.Sub($"specialHours[{i}]");
            if (seed.Closed != (seed.Opens is null && seed.Closes is null))
            {
                throw field.Sub(seed.Closed ? "opens" : "closed").Fail("give either closed: true or both opens and closes");
            }

            if (!seed.Closed && (seed.Opens is null || seed.Closes is null || seed.Opens == seed.Closes))
            {
                throw field.Sub("closes").Fail("give both opens and closes, and make them differ");
            }

            var date = seed.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (days.Any(d => d.Date == seed.Date))
            {
                throw field.Sub("date").Fail($"{date} is listed twice");
            }

            days.Add(new SpecialHours
            {
                Date = seed.Date,
                Closed = seed.Closed,
                Opens = seed.Opens,
                Closes = seed.Closes,
                Reason = field.Sub("reason").OptionalText(seed.Reason),
                Source = Sources.Demo,
                ExternalId = $"{owner}/special-{date}",
            });
        }

        return days;
    }

    private static List<Phone> Phones(At at, List<PhoneSeed> seeds, string owner)
    {
        var phones = new List<Phone>();
        for (var i = 0; i < seeds.Count; i++)
        {
            var seed = seeds[i];
            var field = at.Sub($"phones[{i}]");
            phones.Add(new Phone
            {
                Number = field.Sub("number").PhoneNumber(seed.Number),
                Extension = field.Sub("extension").OptionalText(seed.Extension),
                Type = seed.Type,
                Description = field.Sub("description").OptionalText(seed.Description),
                Languages = field.Sub("languages").Languages(seed.Languages),
                Source = Sources.Demo,
                ExternalId = $"{owner}/phone-{i + 1}",
            });
        }

        return phones;
    }

    private void BuildProcedure(At at, ProcedureSeed seed)
    {
        var procedure = new Procedure
        {
            Slug = seed.Slug,
            Title = at.Sub("title").Text(seed.Title),
            Summary = at.Sub("summary").OptionalText(seed.Summary),
            Language = at.Sub("language").Language(seed.Language),
            Audience = at.Sub("audience").OptionalText(seed.Audience),
            TargetGroups = at.Sub("targetGroups").Distinct(seed.TargetGroups),
            CostsDescription = at.Sub("costsDescription").OptionalText(seed.CostsDescription),
            Status = seed.Status,
            Version = seed.Version >= 1 ? seed.Version : throw at.Sub("version").Fail("must be 1 or more"),
            ValidFrom = seed.ValidFrom,
            ValidTo = seed.ValidFrom > seed.ValidTo ? throw at.Sub("validTo").Fail("is before validFrom") : seed.ValidTo,
            Source = Sources.Demo,
            ExternalId = seed.Slug,
        };
        var isNew = _procedures.Add(seed.Slug, procedure);

        for (var i = 0; i < seed.Steps.Count; i++)
        {
            var step = seed.Steps[i];
            var field = at.Sub($"steps[{i}]");
            var entity = new ProcedureStep
            {
                Position = i + 1,
                Title = field.Sub("title").Text(step.Title),
                Description = field.Sub("description").OptionalText(step.Description),
                Office = field.Sub("office").OptionalText(step.Office),
                ExpectedDuration = field.Sub("expectedDuration").OptionalText(step.ExpectedDuration),
                ExpectedDurationDays = step.ExpectedDurationDays is null or >= 0
                    ? step.ExpectedDurationDays
                    : throw field.Sub("expectedDurationDays").Fail("must not be negative"),
                Source = Sources.Demo,
                ExternalId = $"{seed.Slug}/step-{i + 1}",
            };
            if (step.OfficeOrganization is { } office)
            {
                _organizations.Check(field.Sub("officeOrganization"), office);
                if (isNew)
                {
                    _afterFirstSave.Add(() => entity.OfficeOrganizationId = _organizations.Id(office));
                }
            }

            procedure.Steps.Add(entity);
            Translate(field, isNew, entity, nameof(ProcedureStep), procedure.Language, step.Translations,
                ("title", entity.Title), ("description", entity.Description), ("office", entity.Office),
                ("expectedDuration", entity.ExpectedDuration));
        }

        for (var i = 0; i < seed.Documents.Count; i++)
        {
            var document = seed.Documents[i];
            var field = at.Sub($"documents[{i}]");
            var entity = new ProcedureDocument
            {
                Position = i + 1,
                Name = field.Sub("name").Text(document.Name),
                Description = field.Sub("description").OptionalText(document.Description),
                WhereToGet = field.Sub("whereToGet").OptionalText(document.WhereToGet),
                Source = Sources.Demo,
                ExternalId = $"{seed.Slug}/document-{i + 1}",
            };
            procedure.Documents.Add(entity);
            Translate(field, isNew, entity, nameof(ProcedureDocument), procedure.Language, document.Translations,
                ("name", entity.Name), ("description", entity.Description), ("whereToGet", entity.WhereToGet));
        }

        for (var i = 0; i < seed.Costs.Count; i++)
        {
            var cost = seed.Costs[i];
            var field = at.Sub($"costs[{i}]");
            var entity = new ProcedureCost
            {
                Position = i + 1,
                Description = field.Sub("description").Text(cost.Description),
                AmountEur = cost.AmountEur is null or >= 0 ? cost.AmountEur : throw field.Sub("amountEur").Fail("must not be negative"),
                Source = Sources.Demo,
                ExternalId = $"{seed.Slug}/cost-{i + 1}",
            };
            procedure.Costs.Add(entity);
            Translate(field, isNew, entity, nameof(ProcedureCost), procedure.Language, cost.Translations, ("description", entity.Description));
        }

        for (var i = 0; i < seed.LegalReferences.Count; i++)
        {
            var reference = seed.LegalReferences[i];
            var field = at.Sub($"legalReferences[{i}]");
            procedure.LegalReferences.Add(new LegalReference
            {
                Position = i + 1,
                Title = field.Sub("title").Text(reference.Title),
                Url = field.Sub("url").Url(reference.Url),
                Source = Sources.Demo,
                ExternalId = $"{seed.Slug}/legal-{i + 1}",
            });
        }

        var services = at.Sub("services");
        foreach (var service in services.Distinct(seed.Services))
        {
            _services.Check(services, service);
            if (isNew)
            {
                _afterFirstSave.Add(() => procedure.Services.Add(new ProcedureService { ServiceId = _services.Id(service) }));
            }
        }

        var related = at.Sub("related");
        foreach (var slug in related.Distinct(seed.Related))
        {
            if (slug == seed.Slug)
            {
                throw related.Fail("a procedure cannot be related to itself");
            }

            if (!_procedures.Declared.Contains(slug))
            {
                throw related.Fail($"no demo procedure has slug '{slug}'");
            }

            // Relations are stored both ways; a pair already stored is skipped at write time.
            if (isNew || _procedures.IsNew(slug))
            {
                _relations.Add((seed.Slug, slug));
                _relations.Add((slug, seed.Slug));
            }
        }

        Translate(at, isNew, procedure, nameof(Procedure), procedure.Language, seed.Translations,
            ("title", procedure.Title), ("summary", procedure.Summary), ("audience", procedure.Audience),
            ("costsDescription", procedure.CostsDescription));
    }

    private void BuildAssociation(At at, AssociationSeed seed)
    {
        var association = new Association
        {
            Name = at.Sub("name").Text(seed.Name),
            Description = at.Sub("description").OptionalText(seed.Description),
            Language = at.Sub("language").Language(seed.Language),
            Communities = at.Sub("communities").Countries(seed.Communities),
            IsMultiCommunity = seed.IsMultiCommunity,
            Languages = at.Sub("languages").Languages(seed.Languages),
            ActivityKinds = at.Sub("activityKinds").Distinct(seed.ActivityKinds),
            FoundedYear = seed.FoundedYear is null or (>= 1800 and <= 2100) ? seed.FoundedYear : throw at.Sub("foundedYear").Fail("is not a plausible year"),
            MembersCount = seed.MembersCount is null or >= 0 ? seed.MembersCount : throw at.Sub("membersCount").Fail("must not be negative"),
            Email = at.Sub("email").Email(seed.Email),
            Website = at.Sub("website").Url(seed.Website),
            Source = Sources.Demo,
            ExternalId = seed.Ref,
        };
        if (association.Communities.Count > 1 && !association.IsMultiCommunity)
        {
            throw at.Sub("isMultiCommunity").Fail("several communities are listed, so it must be true");
        }

        for (var i = 0; i < seed.SocialLinks.Count; i++)
        {
            var link = seed.SocialLinks[i];
            var field = at.Sub($"socialLinks[{i}]");
            association.SocialLinks.Add(new SocialLink
            {
                Platform = field.Sub("platform").Platform(link.Platform),
                Url = field.Sub("url").Url(link.Url) ?? throw field.Sub("url").Fail("must not be empty"),
            });
        }

        var areas = at.Sub("areas");
        foreach (var area in areas.Distinct(seed.Areas))
        {
            association.Areas.Add(new AssociationArea { AreaCode = _reference.Area(areas, area) });
        }

        association.Phones.AddRange(Phones(at, seed.Phones, seed.Ref));
        if (seed.Headquarters is { } headquarters)
        {
            _locations.Link(at.Sub("headquarters"), headquarters, l => association.Headquarters = l, id => association.HeadquartersLocationId = id);
        }

        var isNew = _associations.Add(seed.Ref, association);
        Translate(at, isNew, association, nameof(Association), association.Language, seed.Translations,
            ("name", association.Name), ("description", association.Description));
    }

    private void BuildCouncil(At at, CouncilSeed seed)
    {
        if ((seed.Comune is null) == (seed.Province is null))
        {
            throw at.Sub("comune").Fail("give either comune (municipal body) or province (provincial body)");
        }

        var council = new RepresentativeCouncil
        {
            Name = at.Sub("name").Text(seed.Name),
            Kind = seed.Kind,
            Description = at.Sub("description").OptionalText(seed.Description),
            Language = at.Sub("language").Language(seed.Language),
            ComuneIstatCode = seed.Comune is null ? null : _reference.Comune(at.Sub("comune"), seed.Comune),
            ProvinceIstatCode = seed.Province is null ? null : _reference.Province(at.Sub("province"), seed.Province),
            EstablishedOn = seed.EstablishedOn,
            EstablishingAct = at.Sub("establishingAct").OptionalText(seed.EstablishingAct),
            EstablishingActUrl = at.Sub("establishingActUrl").Url(seed.EstablishingActUrl),
            Status = seed.Status,
            Email = at.Sub("email").Email(seed.Email),
            Website = at.Sub("website").Url(seed.Website),
            Source = Sources.Demo,
            ExternalId = seed.Ref,
        };
        if (seed.Location is { } location)
        {
            _locations.Link(at.Sub("location"), location, l => council.Location = l, id => council.LocationId = id);
        }

        for (var i = 0; i < seed.Members.Count; i++)
        {
            var member = seed.Members[i];
            var field = at.Sub($"members[{i}]");
            if (member.TermStart > member.TermEnd)
            {
                throw field.Sub("termEnd").Fail("is before termStart");
            }

            council.Members.Add(new CouncilMember
            {
                Name = field.Sub("name").Text(member.Name),
                Nationality = member.Nationality is null ? null : field.Sub("nationality").Countries([member.Nationality])[0],
                Role = member.Role,
                TermStart = member.TermStart,
                TermEnd = member.TermEnd,
                Source = Sources.Demo,
                ExternalId = $"{seed.Ref}/member-{i + 1}",
            });
        }

        var isNew = _councils.Add(seed.Ref, council);
        for (var i = 0; i < seed.Events.Count; i++)
        {
            var councilEvent = seed.Events[i];
            var field = at.Sub($"events[{i}]");
            var entity = new CouncilEvent
            {
                Kind = councilEvent.Kind,
                Date = councilEvent.Date,
                Title = field.Sub("title").Text(councilEvent.Title),
                Summary = field.Sub("summary").OptionalText(councilEvent.Summary),
                MinutesUrl = field.Sub("minutesUrl").Url(councilEvent.MinutesUrl),
                Source = Sources.Demo,
                ExternalId = $"{seed.Ref}/event-{i + 1}",
            };
            council.Events.Add(entity);
            Translate(field, isNew, entity, nameof(CouncilEvent), council.Language, councilEvent.Translations,
                ("title", entity.Title), ("summary", entity.Summary));
        }

        council.Phones.AddRange(Phones(at, seed.Phones, seed.Ref));
        Translate(at, isNew, council, nameof(RepresentativeCouncil), council.Language, seed.Translations,
            ("name", council.Name), ("description", council.Description));
    }

    /// <summary>
    /// Checks a record's <c>translations</c> object (language → API field → text) against the fields that carry text,
    /// and queues the rows when the record is new.
    /// </summary>
    private void Translate(
        At at,
        bool isNew,
        Entity entity,
        string entityType,
        string sourceLanguage,
        Dictionary<string, Dictionary<string, string>>? translations,
        params (string Field, string? Original)[] fields)
    {
        if (translations is null)
        {
            return;
        }

        foreach (var (language, texts) in translations)
        {
            var place = at.Sub($"translations.{language}");
            place.Language(language);
            if (language == sourceLanguage)
            {
                throw place.Fail($"the record's own language is {sourceLanguage}; a translation must be into another language");
            }

            if (texts.Count == 0)
            {
                throw place.Fail("translate at least one field or leave the language out");
            }

            foreach (var (name, text) in texts)
            {
                var field = place.Sub(name);
                var match = fields.FirstOrDefault(f => f.Field == name);
                if (match.Field is null)
                {
                    throw field.Fail($"{entityType} has no translatable field '{name}'; use one of {string.Join(", ", fields.Select(f => f.Field))}");
                }

                if (string.IsNullOrWhiteSpace(match.Original))
                {
                    throw field.Fail($"translates '{name}', which has no text on the record");
                }

                field.Text(text);
                if (isNew)
                {
                    _translations.Add(new PendingTranslation(entity, entityType, name, language, text.Trim(), sourceLanguage));
                }
            }
        }
    }

    /// <summary>Demo records already in the database (ref → id), procedure slugs taken by other sources, stored relations.</summary>
    private sealed record StoredDemoRecords(
        Dictionary<string, int> Organizations,
        Dictionary<string, int> Locations,
        Dictionary<string, int> Services,
        Dictionary<string, int> Procedures,
        Dictionary<string, int> Associations,
        Dictionary<string, int> Councils,
        HashSet<string> ForeignSlugs,
        HashSet<(int, int)> Relations);

    private sealed record PendingTranslation(Entity Entity, string EntityType, string Field, string Language, string Text, string SourceLanguage);

    /// <summary>The records of one kind: refs declared in the files, the ones already stored, and the entities built.</summary>
    private sealed class RefTable<T>(string kind, Dictionary<string, int> stored)
        where T : Entity
    {
        public HashSet<string> Declared { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, T> Built { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, T> New { get; } = new(StringComparer.Ordinal);

        public bool IsNew(string reference) => !stored.ContainsKey(reference);

        /// <summary>Keeps a built record; returns whether it must be inserted.</summary>
        public bool Add(string reference, T entity)
        {
            Built[reference] = entity;
            if (stored.ContainsKey(reference))
            {
                return false;
            }

            New[reference] = entity;
            return true;
        }

        public void Check(At at, string reference)
        {
            if (!Declared.Contains(reference))
            {
                throw at.Fail($"no demo {kind} has ref '{reference}'");
            }
        }

        /// <summary>Points at a record through its navigation when it is new, through its key when it is stored.</summary>
        public void Link(At at, string reference, Action<T> navigation, Action<int> key)
        {
            Check(at, reference);
            if (stored.TryGetValue(reference, out var id))
            {
                key(id);
            }
            else
            {
                // Build passes go from places to what points at them, so a declared ref is always built by now.
                navigation(Built[reference]);
            }
        }

        /// <summary>The key of a record, once new records have been saved.</summary>
        public int Id(string reference) => stored.TryGetValue(reference, out var id) ? id : Built[reference].Id;
    }

    /// <summary>Codes the demo records may point to: comuni, provinces, regions and taxonomy categories.</summary>
    private sealed class ReferenceData
    {
        // Coordinates marked Exact must fall this close to their comune's centroid; farther means a typo.
        private const double MaxDistanceFromCentroidKm = 25;

        private Dictionary<string, (double? Latitude, double? Longitude)> _comuni = [];
        private HashSet<string> _provinces = [];
        private HashSet<string> _regions = [];
        private Dictionary<string, int> _categories = [];

        public static async Task<ReferenceData> LoadAsync(DirectoryDbContext db, CancellationToken cancellationToken)
        {
            var comuni = await db.Comuni.AsNoTracking().Select(c => new { c.IstatCode, c.Latitude, c.Longitude })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new ReferenceData
            {
                _comuni = comuni.ToDictionary(c => c.IstatCode, c => (c.Latitude, c.Longitude), StringComparer.Ordinal),
                _provinces = (await db.Provinces.AsNoTracking().Select(p => p.IstatCode).ToListAsync(cancellationToken).ConfigureAwait(false))
                    .ToHashSet(StringComparer.Ordinal),
                _regions = (await db.Regions.AsNoTracking().Select(r => r.IstatCode).ToListAsync(cancellationToken).ConfigureAwait(false))
                    .ToHashSet(StringComparer.Ordinal),
                _categories = await db.Categories.AsNoTracking()
                    .ToDictionaryAsync(c => c.Code, c => c.Id, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false),
            };
        }

        public string Comune(At at, string code) =>
            _comuni.ContainsKey(code) ? code : throw at.Fail($"'{code}' is not the ISTAT code of a comune (six digits, seeded from comuni-italia.csv)");

        public string Province(At at, string code) =>
            _provinces.Contains(code) ? code : throw at.Fail($"'{code}' is not the ISTAT code of a province (three digits)");

        public string Area(At at, string code) => code.Length switch
        {
            2 when _regions.Contains(code) => code,
            3 when _provinces.Contains(code) => code,
            6 when _comuni.ContainsKey(code) => code,
            _ => throw at.Fail($"'{code}' is not the ISTAT code of a region (2 digits), province (3) or comune (6)"),
        };

        public int Category(At at, string code) =>
            _categories.TryGetValue(code, out var id) ? id : throw at.Fail($"'{code}' is not a taxonomy code (seed/reference/taxonomy.json)");

        /// <summary>The coordinates to store: as given, or the comune's centroid when the quality says so and none are given.</summary>
        public (double? Latitude, double? Longitude) Coordinates(At at, string comune, double? latitude, double? longitude, CoordinateQuality quality)
        {
            if ((latitude is null) != (longitude is null))
            {
                throw at.Sub(latitude is null ? "latitude" : "longitude").Fail("give both latitude and longitude, or neither");
            }

            var centroid = _comuni[comune];
            switch (quality)
            {
                case CoordinateQuality.Unknown when latitude is not null:
                    throw at.Sub("coordinateQuality").Fail("coordinates are given, so say how they were obtained (Exact or ComuneCentroid)");
                case CoordinateQuality.Unknown:
                    return (null, null);
                case CoordinateQuality.ComuneCentroid when latitude is null:
                    return centroid.Latitude is null
                        ? throw at.Sub("coordinateQuality").Fail($"comune {comune} has no centroid; give coordinates or use Unknown")
                        : centroid;
                case CoordinateQuality.Exact when latitude is null:
                    throw at.Sub("latitude").Fail("Exact coordinates must be given");
            }

            if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
            {
                throw at.Sub("latitude").Fail("coordinates out of range");
            }

            if (centroid.Latitude is { } lat && centroid.Longitude is { } lon
                && DistanceKm(lat, lon, latitude!.Value, longitude!.Value) > MaxDistanceFromCentroidKm)
            {
                throw at.Sub("latitude").Fail($"({latitude}, {longitude}) is more than {MaxDistanceFromCentroidKm} km from the centre of comune {comune}");
            }

            return (latitude, longitude);
        }

        private static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
        {
            const double radius = 6371;
            var dLat = double.DegreesToRadians(lat2 - lat1);
            var dLon = double.DegreesToRadians(lon2 - lon1);
            var a = Math.Pow(Math.Sin(dLat / 2), 2)
                + (Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2));
            return 2 * radius * Math.Asin(Math.Sqrt(a));
        }
    }
}

/// <summary>Where in a seed file a value sits, for error messages: the file, the record's ref and the field path inside it.</summary>
internal readonly partial record struct At(string File, string Record, string Path)
{
    private static readonly string[] Platforms = ["facebook", "instagram", "telegram", "whatsapp", "youtube", "x", "tiktok", "linkedin", "other"];

    public At Sub(string name) => this with { Path = Path.Length == 0 ? name : $"{Path}.{name}" };

    public SeedDataException Fail(string problem) =>
        new($"{File}, record '{Record}', field {(Path.Length == 0 ? "(record)" : Path)}: {problem}");

    public string Text(string value) =>
        string.IsNullOrWhiteSpace(value) ? throw Fail("must not be empty") : value.Trim();

    public string? OptionalText(string? value) =>
        value is null ? null : Text(value);

    public void Ref(string value)
    {
        if (!RefPattern().IsMatch(value))
        {
            throw Fail($"'{value}' is not a valid ref (lower-case letters, digits and single hyphens, e.g. prefettura-firenze)");
        }
    }

    public void Slug(string value) => Ref(value);

    public string Language(string value) =>
        LanguagePattern().IsMatch(value) ? value : throw Fail($"'{value}' is not a BCP 47 language tag such as it, en, zh-Hans, pt-BR");

    public List<string> Languages(List<string> values)
    {
        foreach (var value in values)
        {
            Language(value);
        }

        return Distinct(values);
    }

    public List<string> Countries(List<string> values)
    {
        var wrong = values.Find(v => !CountryPattern().IsMatch(v));
        return wrong is null ? Distinct(values) : throw Fail($"'{wrong}' is not an ISO 3166-1 alpha-2 country code in capitals, e.g. SN");
    }

    public List<T> Distinct<T>(List<T> values)
    {
        var seen = new HashSet<T>();
        foreach (var value in values)
        {
            if (!seen.Add(value))
            {
                throw Fail($"'{value}' is listed twice");
            }
        }

        return values;
    }

    public string? Url(string? value) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? value
        : throw Fail($"'{value}' is not an absolute http(s) address");

    public string? Email(string? value) =>
        value is null ? null : EmailPattern().IsMatch(value) ? value : throw Fail($"'{value}' is not an email address");

    public string PhoneNumber(string value) =>
        PhonePattern().IsMatch(value) ? value : throw Fail($"'{value}' is not a phone number (digits and spaces, optional leading +)");

    public string? PostalCode(string? value) =>
        value is null ? null : value.Length == 5 && value.All(char.IsAsciiDigit) ? value : throw Fail($"'{value}' is not a five-digit CAP");

    public int? Age(int? value) =>
        value is null or (>= 0 and <= 120) ? value : throw Fail($"{value} is not an age");

    public string Platform(string value) =>
        Platforms.Contains(value) ? value : throw Fail($"'{value}' is not one of {string.Join(", ", Platforms)}");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex RefPattern();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9]+( [0-9]+)*$")]
    private static partial Regex PhonePattern();
}

/// <summary>
/// Strict System.Text.Json reading for seed files: unknown or duplicate properties, missing required ones, nulls where not allowed
/// and enum values that are not exact member names all fail with a <see cref="SeedDataException"/> naming the file, record and field.
/// </summary>
internal static partial class SeedJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static readonly string[] RecordKeys = ["ref", "slug", "code"];

    public static T Read<T>(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new SeedDataException($"{path}: cannot be read: {e.Message}", e);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, Options) ?? throw new SeedDataException($"{path}: the file holds null");
        }
        catch (JsonException e)
        {
            throw Describe(path, text, e);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerOptions.Strict)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        options.Converters.Add(new StrictEnumConverterFactory());
        options.Converters.Add(new TimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Turns the serializer's JSON path into the record (nearest object with a ref, slug or code) and the field inside it.</summary>
    private static SeedDataException Describe(string path, string text, JsonException e)
    {
        string? record = null;
        var field = e.Path is null ? "" : e.Path.TrimStart('$').TrimStart('.');
        if (e.Path is not null)
        {
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
                (record, field) = Locate(document.RootElement, e.Path);
            }
            catch (JsonException)
            {
                // The text is not even well-formed JSON; the serializer's line number is the best pointer.
            }
        }

        var missing = MissingProperties().Match(e.Message);
        if (missing.Success)
        {
            var names = string.Join(", ", missing.Groups["name"].Captures.Select(c => c.Value));
            field = field.Length == 0 ? names : $"{field}.{names}";
        }

        var where = record is null ? "" : $", record '{record}'";
        var what = field.Length == 0 ? "" : $", field {field}";
        return new SeedDataException($"{path}{where}{what}: {e.Message}", e);
    }

    private static (string? Record, string Field) Locate(JsonElement root, string jsonPath)
    {
        var tokens = PathTokens().Matches(jsonPath).ToList();
        var element = root;
        string? record = null;
        var recordDepth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Groups["index"].Success)
            {
                var index = int.Parse(token.Groups["index"].Value, CultureInfo.InvariantCulture);
                if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                {
                    break;
                }

                element = element[index];
            }
            else
            {
                var name = token.Groups["name"].Success ? token.Groups["name"].Value : token.Groups["quoted"].Value.Replace("''", "'", StringComparison.Ordinal);
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    break;
                }
            }

            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var key in RecordKeys)
                {
                    if (element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        record = value.GetString();
                        recordDepth = i + 1;
                        break;
                    }
                }
            }
        }

        var field = string.Concat(tokens.Skip(recordDepth).Select(t => t.Groups["index"].Success ? t.Value : "." + (t.Groups["name"].Success ? t.Groups["name"].Value : t.Groups["quoted"].Value)));
        return (record, field.TrimStart('.'));
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]|\['(?<quoted>(?:[^']|'')*)'\]")]
    private static partial Regex PathTokens();

    [GeneratedRegex(@"missing required properties including: (?:'(?<name>[^']+)'(?:, )?)+")]
    private static partial Regex MissingProperties();

    /// <summary>Enums by exact member name only: no numbers, no case folding, no comma lists.</summary>
    private sealed class StrictEnumConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class StrictEnumConverter<T> : JsonConverter<T>
        where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            foreach (var name in Enum.GetNames<T>())
            {
                if (name == text)
                {
                    return Enum.Parse<T>(name);
                }
            }

            var found = text is null ? $"A JSON {reader.TokenType.ToString().ToLowerInvariant()}" : $"'{text}'";
            throw new JsonException($"{found} is not a valid {typeof(T).Name}; use one of {string.Join(", ", Enum.GetNames<T>())}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    /// <summary>Times of day as <c>HH:mm</c>, the way opening hours are written.</summary>
    private sealed class TimeConverter : JsonConverter<TimeOnly>
    {
        public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
            && TimeOnly.TryParseExact(reader.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                ? time
                : throw new JsonException("Expected a time of day as HH:mm, e.g. 09:30.");

        public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("HH:mm", CultureInfo.InvariantCulture));
    }
}

// The records below mirror the JSON of seed/demo (camelCase, see README.md). Required members must be present;
// the rest default as shown. References to other records are strings: refs, slugs, ISTAT codes, taxonomy codes.

/// <summary>One demo file: any of the five record lists.</summary>
internal sealed record DemoDocument
{
    [JsonPropertyName("$comment")]
    public string? Comment { get; init; }

    public List<OrganizationSeed> Organizations { get; init; } = [];

    public List<LocationSeed> Locations { get; init; } = [];

    public List<ProcedureSeed> Procedures { get; init; } = [];

    public List<AssociationSeed> Associations { get; init; } = [];

    public List<CouncilSeed> Councils { get; init; } = [];
}

internal sealed record OrganizationSeed
{
    public required string Ref { get; init; }

    public required string Name { get; init; }

    public string? AlternateName { get; init; }

    public required OrganizationKind Kind { get; init; }

    public string? Description { get; init; }

    public string Language { get; init; } = "it";

    public string? Website { get; init; }

    public string? Email { get; init; }

    public string? TaxId { get; init; }

    public string? Comune { get; init; }

    public string? Parent { get; init; }

    public List<PhoneSeed> Phones { get; init; } = [];

    public List<LocationSeed> Locations { get; init; } = [];

    public List<ServiceSeed> Services { get; init; } = [];

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

internal sealed record LocationSeed
{
    public required string Ref { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public string Language { get; init; } = "it";

    public string? AddressLine1 { get; init; }

    public string? AddressLine2 { get; init; }

    public string? PostalCode { get; init; }

    public required string Comune { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public required CoordinateQuality CoordinateQuality { get; init; }

    public string? Accessibility { get; init; }

    public bool? WheelchairAccessible { get; init; }

    public string? Transportation { get; init; }

    public List<PhoneSeed> Phones { get; init; } = [];

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

internal sealed record ServiceSeed
{
    public required string Ref { get; init; }

    public required string Name { get; init; }

    public string? AlternateName { get; init; }

    public string? ShortDescription { get; init; }

    public string? Description { get; init; }

    public string Language { get; init; } = "it";

    public string? Url { get; init; }

    public string? Email { get; init; }

    public ServiceStatus Status { get; init; } = ServiceStatus.Active;

    public List<string> Languages { get; init; } = [];

    public bool InterpretationAvailable { get; init; }

    public List<TargetGroup> TargetGroups { get; init; } = [];

    public int? MinimumAge { get; init; }

    public int? MaximumAge { get; init; }

    public string? EligibilityDescription { get; init; }

    public required bool IsFree { get; init; }

    public string? FeesDescription { get; init; }

    public string? ApplicationProcess { get; init; }

    public string? Accessibility { get; init; }

    public List<string> Categories { get; init; } = [];

    public List<string> Areas { get; init; } = [];

    public List<RequiredDocumentSeed> RequiredDocuments { get; init; } = [];

    public List<PhoneSeed> Phones { get; init; } = [];

    public List<ServiceLocationSeed> Locations { get; init; } = [];

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

internal sealed record RequiredDocumentSeed
{
    public required string Document { get; init; }

    public string? Uri { get; init; }
}

/// <summary>A service at one location, with its hours there.</summary>
internal sealed record ServiceLocationSeed
{
    public required string Location { get; init; }

    public string? Description { get; init; }

    public List<ScheduleSeed> Schedules { get; init; } = [];

    public List<SpecialHoursSeed> SpecialHours { get; init; } = [];

    public List<PhoneSeed> Phones { get; init; } = [];

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

/// <summary>One opening interval on one or more days; stored as one schedule row per day.</summary>
internal sealed record ScheduleSeed
{
    public required List<DayOfWeek> Days { get; init; }

    public required TimeOnly Opens { get; init; }

    public required TimeOnly Closes { get; init; }

    public DateOnly? ValidFrom { get; init; }

    public DateOnly? ValidTo { get; init; }

    public string? Note { get; init; }
}

internal sealed record SpecialHoursSeed
{
    public required DateOnly Date { get; init; }

    public bool Closed { get; init; }

    public TimeOnly? Opens { get; init; }

    public TimeOnly? Closes { get; init; }

    public string? Reason { get; init; }
}

internal sealed record PhoneSeed
{
    public required string Number { get; init; }

    public string? Extension { get; init; }

    public PhoneType Type { get; init; } = PhoneType.Voice;

    public string? Description { get; init; }

    public List<string> Languages { get; init; } = [];
}

internal sealed record ProcedureSeed
{
    public required string Slug { get; init; }

    public required string Title { get; init; }

    public string? Summary { get; init; }

    public string Language { get; init; } = "it";

    public string? Audience { get; init; }

    public List<TargetGroup> TargetGroups { get; init; } = [];

    public string? CostsDescription { get; init; }

    public required ProcedureStatus Status { get; init; }

    public int Version { get; init; } = 1;

    public DateOnly? ValidFrom { get; init; }

    public DateOnly? ValidTo { get; init; }

    public List<ProcedureStepSeed> Steps { get; init; } = [];

    public List<ProcedureDocumentSeed> Documents { get; init; } = [];

    public List<ProcedureCostSeed> Costs { get; init; } = [];

    public List<LegalReferenceSeed> LegalReferences { get; init; } = [];

    public List<string> Services { get; init; } = [];

    public List<string> Related { get; init; } = [];

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

internal sealed record ProcedureStepSeed
{
    public required string Title { get; init; }

    public string? Description { get; init; }

    public string? Office { get; init; }

    public string? OfficeOrganization { get; init; }

    public string? ExpectedDuration { get; init; }

    public int? ExpectedDurationDays { get; init; }

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

internal sealed record ProcedureDocumentSeed
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public string? WhereToGet { get; init; }

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

internal sealed record ProcedureCostSeed
{
    public required string Description { get; init; }

    public decimal? AmountEur { get; init; }

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

internal sealed record LegalReferenceSeed
{
    public required string Title { get; init; }

    public string? Url { get; init; }
}

internal sealed record AssociationSeed
{
    public required string Ref { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public string Language { get; init; } = "it";

    public List<string> Communities { get; init; } = [];

    public required bool IsMultiCommunity { get; init; }

    public List<string> Languages { get; init; } = [];

    public List<ActivityKind> ActivityKinds { get; init; } = [];

    public string? Headquarters { get; init; }

    public int? FoundedYear { get; init; }

    public int? MembersCount { get; init; }

    public string? Email { get; init; }

    public string? Website { get; init; }

    public List<SocialLinkSeed> SocialLinks { get; init; } = [];

    public List<string> Areas { get; init; } = [];

    public List<PhoneSeed> Phones { get; init; } = [];

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

internal sealed record SocialLinkSeed
{
    public required string Platform { get; init; }

    public required string Url { get; init; }
}

internal sealed record CouncilSeed
{
    public required string Ref { get; init; }

    public required string Name { get; init; }

    public required CouncilKind Kind { get; init; }

    public string? Description { get; init; }

    public string Language { get; init; } = "it";

    public string? Comune { get; init; }

    public string? Province { get; init; }

    public DateOnly? EstablishedOn { get; init; }

    public string? EstablishingAct { get; init; }

    public string? EstablishingActUrl { get; init; }

    public CouncilStatus Status { get; init; } = CouncilStatus.Active;

    public string? Location { get; init; }

    public string? Email { get; init; }

    public string? Website { get; init; }

    public List<CouncilMemberSeed> Members { get; init; } = [];

    public List<CouncilEventSeed> Events { get; init; } = [];

    public List<PhoneSeed> Phones { get; init; } = [];

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}

internal sealed record CouncilMemberSeed
{
    public required string Name { get; init; }

    public string? Nationality { get; init; }

    public required CouncilRole Role { get; init; }

    public DateOnly? TermStart { get; init; }

    public DateOnly? TermEnd { get; init; }
}

internal sealed record CouncilEventSeed
{
    public CouncilEventKind Kind { get; init; } = CouncilEventKind.Meeting;

    public required DateOnly Date { get; init; }

    public required string Title { get; init; }

    public string? Summary { get; init; }

    public string? MinutesUrl { get; init; }

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }
}
