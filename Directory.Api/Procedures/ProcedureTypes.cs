using System.Globalization;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.Organizations;
using Directory.Api.Services;
using Directory.Model.Common;
using Directory.Model.Organizations;
using Directory.Model.Procedures;
using Directory.Model.Services;
using GraphQL.Types;

namespace Directory.Api.Procedures;

public sealed class ProcedureGraphType : ObjectGraphType<Procedure>
{
    public static readonly Translatable<Procedure> Translatable = new("Procedure", p => p.Id.ToString(CultureInfo.InvariantCulture), p => p.Language);

    public ProcedureGraphType()
    {
        Name = "Procedure";
        Description = "A guide to an administrative procedure, curated by editors: who it is for, the steps in order, documents, costs and legal references.";
        this.AddNodeId("Procedure");
        Field(p => p.Slug).Description("URL-friendly unique name, e.g. `ricongiungimento-familiare`; stable across versions.");
        this.LocalizedField(Translatable, "title", p => p.Title, "Title of the guide.", nonNull: true);
        this.LocalizedField(Translatable, "summary", p => p.Summary, "What the procedure is for.");
        this.LocalizedField(Translatable, "audience", p => p.Audience, "Who the procedure is for, in words.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetGroupGraphType>>>, IEnumerable<TargetGroup>>("targetGroups")
            .Description("Groups of people the procedure concerns.").Resolve(c => c.Source.TargetGroups);
        this.LocalizedField(Translatable, "costsDescription", p => p.CostsDescription, "Overall costs in words; itemized in `costs`.");
        Field<NonNullGraphType<ProcedureStatusGraphType>, ProcedureStatus>("status").Description("Editorial status.").Resolve(c => c.Source.Status);
        Field(p => p.Version).Description("Editorial version, incremented each time the guide is republished.");
        Field<DateOnlyGraphType, DateOnly?>("validFrom").Description("First day the guide applies (ISO 8601 date).").Resolve(c => c.Source.ValidFrom);
        Field<DateOnlyGraphType, DateOnly?>("validTo").Description("Last day the guide applies (ISO 8601 date).").Resolve(c => c.Source.ValidTo);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcedureStepGraphType>>>, IEnumerable<ProcedureStep>>("steps")
            .Description("The steps, in order.").ResolveLoader(c => c.LoadSteps(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcedureDocumentGraphType>>>, IEnumerable<ProcedureDocument>>("documents")
            .Description("Documents required.").ResolveLoader(c => c.LoadProcedureDocuments(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcedureCostGraphType>>>, IEnumerable<ProcedureCost>>("costs")
            .Description("Itemized costs.").ResolveLoader(c => c.LoadCosts(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LegalReferenceGraphType>>>, IEnumerable<LegalReference>>("legalReferences")
            .Description("Laws, decrees and circulars the procedure rests on.").ResolveLoader(c => c.LoadLegalReferences(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceGraphType>>>, IEnumerable<Service>>("services")
            .Description("Services that handle the procedure.")
            .ResolveLoader(c => c.LoadServicesOfProcedure(c.Source.Id).Then(list => list.Select(k => k.Value)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcedureGraphType>>>, IEnumerable<Procedure>>("related")
            .Description("Related procedures.")
            .ResolveLoader(c => c.LoadRelatedProcedures(c.Source.Id).Then(list => list.Select(k => k.Value)));
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public sealed class ProcedureStepGraphType : ObjectGraphType<ProcedureStep>
{
    public static readonly Translatable<ProcedureStep> Translatable = new("ProcedureStep", s => s.Id.ToString(CultureInfo.InvariantCulture), _ => "it");

    public ProcedureStepGraphType()
    {
        Name = "ProcedureStep";
        Description = "One step of a procedure.";
        this.AddNodeId("ProcedureStep");
        Field(s => s.Position).Description("Position in the procedure, from 1.");
        this.LocalizedField(Translatable, "title", s => s.Title, "What to do.", nonNull: true);
        this.LocalizedField(Translatable, "description", s => s.Description, "How to do it.");
        this.LocalizedField(Translatable, "office", s => s.Office, "Which office handles the step, in words.");
        Field<OrganizationGraphType, Organization>("officeOrganization").Description("The organization that handles the step, when it is in the Directory.")
            .ResolveLoader(c => c.Source.OfficeOrganizationId is { } id ? c.LoadOrganization(id) : null);
        this.LocalizedField(Translatable, "expectedDuration", s => s.ExpectedDuration, "Expected duration in words, e.g. \"entro 90 giorni\".");
        Field(s => s.ExpectedDurationDays, nullable: true).Description("Expected duration in days, when it can be stated.");
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public sealed class ProcedureDocumentGraphType : ObjectGraphType<ProcedureDocument>
{
    public static readonly Translatable<ProcedureDocument> Translatable = new("ProcedureDocument", d => d.Id.ToString(CultureInfo.InvariantCulture), _ => "it");

    public ProcedureDocumentGraphType()
    {
        Name = "ProcedureDocument";
        Description = "A document a procedure requires.";
        this.AddNodeId("ProcedureDocument");
        this.LocalizedField(Translatable, "name", d => d.Name, "Name of the document.", nonNull: true);
        this.LocalizedField(Translatable, "description", d => d.Description, "What it is and what it must contain.");
        this.LocalizedField(Translatable, "whereToGet", d => d.WhereToGet, "Where or how to get it.");
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public sealed class ProcedureCostGraphType : ObjectGraphType<ProcedureCost>
{
    public static readonly Translatable<ProcedureCost> Translatable = new("ProcedureCost", x => x.Id.ToString(CultureInfo.InvariantCulture), _ => "it");

    public ProcedureCostGraphType()
    {
        Name = "ProcedureCost";
        Description = "A cost of a procedure.";
        this.AddNodeId("ProcedureCost");
        this.LocalizedField(Translatable, "description", x => x.Description, "What is paid, e.g. \"Marca da bollo\".", nonNull: true);
        Field<DecimalGraphType, decimal?>("amountEur").Description("Amount in euro, when fixed.").Resolve(c => c.Source.AmountEur);
        this.AddRecordFields();
    }
}

public sealed class LegalReferenceGraphType : ObjectGraphType<LegalReference>
{
    public LegalReferenceGraphType()
    {
        Name = "LegalReference";
        Description = "A law, decree or circular a procedure rests on.";
        this.AddNodeId("LegalReference");
        Field(r => r.Title).Description("Citation, e.g. \"D.Lgs. 286/1998, art. 29\".");
        Field(r => r.Url, nullable: true).Description("Official text online.");
        this.AddRecordFields();
    }
}
