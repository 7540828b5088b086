using System.Globalization;
using Directory.Api.Geography;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.Locations;
using Directory.Api.Services;
using Directory.Model.Common;
using Directory.Model.Geography;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using GraphQL.Types;

namespace Directory.Api.Organizations;

public sealed class OrganizationGraphType : ObjectGraphType<Organization>
{
    public static readonly Translatable<Organization> Translatable = new("Organization", o => o.Id.ToString(CultureInfo.InvariantCulture), o => o.Language);

    public OrganizationGraphType()
    {
        Name = "Organization";
        Description = "A public or private body that runs services: a Prefettura, a comune, a school, an association (HSDS organization).";
        this.AddNodeId("Organization");
        this.LocalizedField(Translatable, "name", o => o.Name, "Official name.", nonNull: true);
        Field(o => o.AlternateName, nullable: true).Description("Other name or acronym the body is known by.");
        Field<NonNullGraphType<OrganizationKindGraphType>, OrganizationKind>("kind").Description("What kind of body it is.").Resolve(c => c.Source.Kind);
        this.LocalizedField(Translatable, "description", o => o.Description, "What the organization does.");
        Field<DateTimeGraphType, DateTime?>("withdrawnAt")
            .Description("When its source feed stopped listing it (UTC). Withdrawn records are kept, not deleted, and are left out of lists unless `includeWithdrawn` is set; null while current.")
            .Resolve(c => c.Source.WithdrawnAt);
        Field(o => o.Website, nullable: true).Description("Website.");
        Field(o => o.Email, nullable: true).Description("General contact email.");
        Field(o => o.TaxId, nullable: true).Description("Tax code (codice fiscale or partita IVA), when public.");
        Field<ComuneGraphType, Comune>("comune").Description("The comune where the body has its seat.")
            .ResolveLoader(c => c.Source.ComuneIstatCode is { } code ? c.LoadComune(code) : null);
        Field<OrganizationGraphType, Organization>("parentOrganization").Description("The body this one is part of, when in the Directory.")
            .ResolveLoader(c => c.Source.ParentOrganizationId is { } id ? c.LoadOrganization(id) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceGraphType>>>, IEnumerable<Service>>("services")
            .Description("Services the organization runs, by name (all statuses).")
            .ResolveLoader(c => c.LoadServicesOfOrganization(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LocationGraphType>>>, IEnumerable<Location>>("locations")
            .Description("Places the organization runs, by name.")
            .ResolveLoader(c => c.LoadLocationsOfOrganization(c.Source.Id));
        this.AddPhonesField(PhoneOwner.Organization, o => o.Id);
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}
