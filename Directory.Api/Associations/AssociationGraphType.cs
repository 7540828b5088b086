using System.Globalization;
using Directory.Api.Geography;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.Locations;
using Directory.Model.Associations;
using Directory.Model.Common;
using Directory.Model.Locations;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Associations;

public sealed class AssociationGraphType : ObjectGraphType<Association>
{
    public static readonly Translatable<Association> Translatable = new("Association", a => a.Id.ToString(CultureInfo.InvariantCulture), a => a.Language);

    public AssociationGraphType()
    {
        Name = "Association";
        Description = "A migrant community or volunteer association.";
        this.AddNodeId("Association");
        this.LocalizedField(Translatable, "name", a => a.Name, "Name of the association.", nonNull: true);
        this.LocalizedField(Translatable, "description", a => a.Description, "What the association does.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IEnumerable<string>>("communities")
            .Description("Communities served, as ISO 3166-1 alpha-2 country codes (e.g. `MA`, `SN`, `CN`).").Resolve(c => c.Source.Communities);
        Field(a => a.IsMultiCommunity).Description("Whether the association serves several communities.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IEnumerable<string>>("languages")
            .Description("Languages spoken (BCP 47).").Resolve(c => c.Source.Languages);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityKindGraphType>>>, IEnumerable<ActivityKind>>("activityKinds")
            .Description("What the association does, by kind.").Resolve(c => c.Source.ActivityKinds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AreaGraphType>>>, IEnumerable<Area>>("areas")
            .Description("Territories the association works in.")
            .ResolveLoader(c => c.LoadAreasOfAssociation(c.Source.Id).Then(list => list.Select(a => new Area(a.AreaCode))));
        Field<LocationGraphType, Location>("headquarters").Description("Headquarters, when it has one.")
            .ResolveLoader(c => c.Source.HeadquartersLocationId is { } id ? c.LoadLocation(id) : null);
        Field<DateTimeGraphType, DateTime?>("withdrawnAt")
            .Description("When its source feed stopped listing it (UTC). Withdrawn records are kept, not deleted, and are left out of lists unless `includeWithdrawn` is set; null while current.")
            .Resolve(c => c.Source.WithdrawnAt);
        Field(a => a.FoundedYear, nullable: true).Description("Year it was founded.");
        Field(a => a.MembersCount, nullable: true).Description("Number of members, as declared by the association.");
        Field(a => a.Email, nullable: true).Description("Contact email.");
        Field(a => a.Website, nullable: true).Description("Website.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SocialLinkGraphType>>>, IEnumerable<SocialLink>>("socialLinks")
            .Description("Social network profiles and channels.").Resolve(c => c.Source.SocialLinks);
        this.AddPhonesField(PhoneOwner.Association, a => a.Id);
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public static class AssociationLoaders
{
    public static IDataLoaderResult<IReadOnlyList<AssociationArea>> LoadAreasOfAssociation(this IResolveFieldContext context, int associationId) =>
        context.Loaders().Many<int, AssociationArea>("areasOfAssociation", (db, ids, ct) =>
            db.AssociationAreas.Where(a => ids.Contains(a.AssociationId)).OrderBy(a => a.AreaCode).ToListAsync(ct),
            a => a.AssociationId).Load(associationId);

    public static IDataLoaderResult<Association?> LoadAssociation(this IResolveFieldContext context, int id) =>
        context.Loaders().One<int, Association>("association", (db, ids, ct) =>
            db.Associations.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct)).Load(id);
}
