using System.Globalization;
using Directory.Api.Geography;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.Locations;
using Directory.Model.Common;
using Directory.Model.Councils;
using Directory.Model.Geography;
using Directory.Model.Locations;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Councils;

public sealed class CouncilGraphType : ObjectGraphType<RepresentativeCouncil>
{
    public static readonly Translatable<RepresentativeCouncil> Translatable = new("RepresentativeCouncil", c => c.Id.ToString(CultureInfo.InvariantCulture), c => c.Language);

    public CouncilGraphType()
    {
        Name = "RepresentativeCouncil";
        Description = "A body representing foreign residents before a comune or province: a Consiglio or Consulta degli stranieri, or a consigliere aggiunto.";
        this.AddNodeId("RepresentativeCouncil");
        this.LocalizedField(Translatable, "name", c => c.Name, "Name of the council.", nonNull: true);
        Field<NonNullGraphType<CouncilKindGraphType>, CouncilKind>("kind").Description("The form the body takes.").Resolve(c => c.Source.Kind);
        this.LocalizedField(Translatable, "description", c => c.Description, "What the council does.");
        Field<ComuneGraphType, Comune>("comune").Description("The comune it belongs to, for a municipal council.")
            .ResolveLoader(c => c.Source.ComuneIstatCode is { } code ? c.LoadComune(code) : null);
        Field<ProvinceGraphType, Province>("province").Description("The province it belongs to, for a provincial council.")
            .ResolveLoader(c => c.Source.ProvinceIstatCode is { } code ? c.LoadProvince(code) : null);
        Field<DateOnlyGraphType, DateOnly?>("establishedOn").Description("Date it was established (ISO 8601 date).").Resolve(c => c.Source.EstablishedOn);
        Field(c => c.EstablishingAct, nullable: true).Description("The act that established it, e.g. \"Delibera C.C. n. 12/2019\".");
        Field(c => c.EstablishingActUrl, nullable: true).Description("Link to the act.");
        Field<NonNullGraphType<CouncilStatusGraphType>, CouncilStatus>("status").Description("Whether it is working.").Resolve(c => c.Source.Status);
        Field<LocationGraphType, Location>("location").Description("Where it meets.")
            .ResolveLoader(c => c.Source.LocationId is { } id ? c.LoadLocation(id) : null);
        Field(c => c.Email, nullable: true).Description("Contact email.");
        Field(c => c.Website, nullable: true).Description("Web page.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CouncilMemberGraphType>>>, IEnumerable<CouncilMember>>("members")
            .Description("Members, current and past, by role.")
            .ResolveLoader(c => c.LoadCouncilMembers(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CouncilEventGraphType>>>, IEnumerable<CouncilEvent>>("events")
            .Description("Meetings and activities, newest first.")
            .ResolveLoader(c => c.LoadCouncilEvents(c.Source.Id));
        this.AddPhonesField(PhoneOwner.Council, c => c.Id);
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public sealed class CouncilMemberGraphType : ObjectGraphType<CouncilMember>
{
    public CouncilMemberGraphType()
    {
        Name = "CouncilMember";
        Description = "A member of a representative council for a term, as published by the council.";
        this.AddNodeId("CouncilMember");
        Field(m => m.Name).Description("Full name, as published by the council.");
        Field(m => m.Nationality, nullable: true).Description("Nationality, ISO 3166-1 alpha-2.");
        Field<NonNullGraphType<CouncilRoleGraphType>, CouncilRole>("role").Description("Role in the council.").Resolve(c => c.Source.Role);
        Field<DateOnlyGraphType, DateOnly?>("termStart").Description("First day of the term.").Resolve(c => c.Source.TermStart);
        Field<DateOnlyGraphType, DateOnly?>("termEnd").Description("Last day of the term.").Resolve(c => c.Source.TermEnd);
        this.AddRecordFields();
    }
}

public sealed class CouncilEventGraphType : ObjectGraphType<CouncilEvent>
{
    public static readonly Translatable<CouncilEvent> Translatable = new("CouncilEvent", e => e.Id.ToString(CultureInfo.InvariantCulture), _ => "it");

    public CouncilEventGraphType()
    {
        Name = "CouncilEvent";
        Description = "A meeting or activity of a council.";
        this.AddNodeId("CouncilEvent");
        Field<NonNullGraphType<CouncilEventKindGraphType>, CouncilEventKind>("kind").Description("Sitting or other activity.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<DateOnlyGraphType>, DateOnly>("date").Description("Day it took place (ISO 8601 date).").Resolve(c => c.Source.Date);
        this.LocalizedField(Translatable, "title", e => e.Title, "Title.", nonNull: true);
        this.LocalizedField(Translatable, "summary", e => e.Summary, "What was discussed or done.");
        Field(e => e.MinutesUrl, nullable: true).Description("Link to the minutes (verbale).");
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public static class CouncilLoaders
{
    public static IDataLoaderResult<IReadOnlyList<CouncilMember>> LoadCouncilMembers(this IResolveFieldContext context, int councilId) =>
        context.Loaders().Many<int, CouncilMember>("councilMembers", async (db, ids, ct) =>
            (await db.CouncilMembers.Where(m => ids.Contains(m.CouncilId)).ToListAsync(ct)).OrderBy(m => m.Role).ThenBy(m => m.Name, StringComparer.Ordinal).ToList(),
            m => m.CouncilId).Load(councilId);

    public static IDataLoaderResult<IReadOnlyList<CouncilEvent>> LoadCouncilEvents(this IResolveFieldContext context, int councilId) =>
        context.Loaders().Many<int, CouncilEvent>("councilEvents", (db, ids, ct) =>
            db.CouncilEvents.Where(e => ids.Contains(e.CouncilId)).OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).ToListAsync(ct),
            e => e.CouncilId).Load(councilId);

    public static IDataLoaderResult<RepresentativeCouncil?> LoadCouncil(this IResolveFieldContext context, int id) =>
        context.Loaders().One<int, RepresentativeCouncil>("council", (db, ids, ct) =>
            db.Councils.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct)).Load(id);
}
