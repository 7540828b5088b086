using System.Globalization;
using Directory.Api.Geography;
using Directory.Api.GraphQL;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.Locations;
using Directory.Api.Organizations;
using Directory.Api.Procedures;
using Directory.Api.Taxonomy;
using Directory.Model.Common;
using Directory.Model.Geography;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Procedures;
using Directory.Model.Services;
using Directory.Model.Taxonomy;
using GraphQL.Types;

namespace Directory.Api.Services;

public sealed class ServiceGraphType : ObjectGraphType<Service>
{
    public static readonly Translatable<Service> Translatable = new("Service", s => s.Id.ToString(CultureInfo.InvariantCulture), s => s.Language, [nameof(Service.Id), nameof(Service.Language)]);

    public ServiceGraphType()
    {
        Name = "Service";
        Description = "Something an organization offers to people: a desk, a course, legal help (HSDS service).";
        this.AddNodeId("Service");
        this.LocalizedField(Translatable, "name", s => s.Name, "Name of the service.", nonNull: true);
        this.LocalizedField(Translatable, "alternateName", s => s.AlternateName, "Other name the service is known by.");
        this.LocalizedField(Translatable, "shortDescription", s => s.ShortDescription, "One or two sentences for lists and cards.");
        this.LocalizedField(Translatable, "description", s => s.Description, "Full description.");
        Field(s => s.Url, nullable: true).Description("Web page of the service.").Reads(nameof(Service.Url));
        Field(s => s.Email, nullable: true).Description("Contact email of the service.").Reads(nameof(Service.Email));
        Field<DateTimeGraphType, DateTime?>("withdrawnAt")
            .Description("When its source feed stopped listing it (UTC). Withdrawn records are kept, not deleted, and are left out of lists unless `includeWithdrawn` is set; null while current.")
            .Resolve(c => c.Source.WithdrawnAt).Reads(nameof(Service.WithdrawnAt));
        Field<NonNullGraphType<ServiceStatusGraphType>, ServiceStatus>("status").Description("Whether the service can be used now.").Resolve(c => c.Source.Status).Reads(nameof(Service.Status));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IEnumerable<string>>("languages")
            .Description("Languages the staff speak (BCP 47 tags).").Resolve(c => c.Source.Languages).Reads(nameof(Service.Languages));
        Field(s => s.InterpretationAvailable).Description("Whether interpreters or cultural mediators are available.").Reads(nameof(Service.InterpretationAvailable));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetGroupGraphType>>>, IEnumerable<TargetGroup>>("targetGroups")
            .Description("Groups of people the service is meant for; empty means anyone.").Resolve(c => c.Source.TargetGroups).Reads(nameof(Service.TargetGroups));
        Field(s => s.MinimumAge, nullable: true).Description("Minimum age of eligible people, when limited.").Reads(nameof(Service.MinimumAge));
        Field(s => s.MaximumAge, nullable: true).Description("Maximum age of eligible people, when limited.").Reads(nameof(Service.MaximumAge));
        this.LocalizedField(Translatable, "eligibilityDescription", s => s.EligibilityDescription, "Who can use the service, in words.");
        Field(s => s.IsFree).Description("Whether the service costs its users nothing.").Reads(nameof(Service.IsFree));
        this.LocalizedField(Translatable, "feesDescription", s => s.FeesDescription, "What the service costs, when it is not free or needs explaining.");
        this.LocalizedField(Translatable, "applicationProcess", s => s.ApplicationProcess, "How to get access: appointment, walk-in, online form.");
        this.LocalizedField(Translatable, "accessibility", s => s.Accessibility, "Accessibility for people with disabilities, in words.");
        Field<NonNullGraphType<OrganizationGraphType>, Organization>("organization").Description("The organization that runs the service.")
            .ResolveLoader(c => c.LoadOrganization(c.Source.OrganizationId).Then(o => o!)).Reads(nameof(Service.OrganizationId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryGraphType>>>, IEnumerable<Category>>("categories")
            .Description("Taxonomy categories of the service.")
            .ResolveLoader(c => c.LoadCategoriesOfService(c.Source.Id).Then(list => list.Select(k => k.Value))).Reads(nameof(Service.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AreaGraphType>>>, IEnumerable<Area>>("serviceAreas")
            .Description("Territories the service serves (a service may serve a comune where it has no desk).")
            .ResolveLoader(c => c.LoadAreasOfService(c.Source.Id).Then(list => list.Select(a => new Area(a.AreaCode)))).Reads(nameof(Service.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RequiredDocumentGraphType>>>, IEnumerable<RequiredDocument>>("requiredDocuments")
            .Description("Documents to bring, in order.")
            .ResolveLoader(c => c.LoadRequiredDocuments(c.Source.Id)).Reads(nameof(Service.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceAtLocationGraphType>>>, IEnumerable<ServiceAtLocation>>("serviceAtLocations")
            .Description("Where the service is delivered, each place with its own opening hours.")
            .ResolveLoader(c => c.LoadServiceAtLocationsOfService(c.Source.Id)).Reads(nameof(Service.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LocationGraphType>>>, IEnumerable<Location>>("locations")
            .Description("The places where the service is delivered (hours are on `serviceAtLocations`).")
            .ResolveLoader(c => c.LoadLocationsOfService(c.Source.Id, EntityProjection.OfField(c)).Then(list => list.Select(k => k.Value))).Reads(nameof(Service.Id));
        this.AddOpeningFields("the service (at any of its places)", c => c.LoadServiceOpening(c.Source.Id));
        this.AddPhonesField(PhoneOwner.Service, s => s.Id);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcedureGraphType>>>, IEnumerable<Procedure>>("procedures")
            .Description("Published procedure guides this service handles.")
            .ResolveLoader(c => c.LoadProceduresOfService(c.Source.Id).Then(list => list.Select(k => k.Value))).Reads(nameof(Service.Id));
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public sealed class RequiredDocumentGraphType : ObjectGraphType<RequiredDocument>
{
    public static readonly Translatable<RequiredDocument> Translatable = new("RequiredDocument", d => d.Id.ToString(CultureInfo.InvariantCulture), _ => "it");

    public RequiredDocumentGraphType()
    {
        Name = "RequiredDocument";
        Description = "A document people must bring to use a service (HSDS required_document).";
        this.AddNodeId("RequiredDocument");
        this.LocalizedField(Translatable, "document", d => d.Document, "Name of the document.", nonNull: true);
        Field(d => d.Uri, nullable: true).Description("Where the document is described or can be obtained.");
        this.AddRecordFields();
    }
}

