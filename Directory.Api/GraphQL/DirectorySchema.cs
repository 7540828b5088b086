using Directory.Api.Associations;
using Directory.Api.Councils;
using Directory.Api.Geography;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Localization;
using Directory.Api.Locations;
using Directory.Api.Organizations;
using Directory.Api.Procedures;
using Directory.Api.Services;
using Directory.Api.Taxonomy;
using GraphQL;
using GraphQL.Types;

namespace Directory.Api.GraphQL;

/// <summary>The Directory's GraphQL schema, built once at start-up.</summary>
public sealed class DirectorySchema : Schema
{
    public DirectorySchema(IServiceProvider services, DirectoryQuery query)
        : base(services)
    {
        Description = "The Directory: services, procedures, associations and representative councils for foreign residents in Italy. Open data; contains ISTAT data (CC-BY) and GeoNames data (CC-BY 4.0).";
        Query = query;

        // Types reached only through interfaces must be named here, or `node` could not return them.
        RegisterType(typeof(ServiceGraphType));
        RegisterType(typeof(OrganizationGraphType));
        RegisterType(typeof(LocationGraphType));
        RegisterType(typeof(ServiceAtLocationGraphType));
        RegisterType(typeof(ScheduleGraphType));
        RegisterType(typeof(SpecialHoursGraphType));
        RegisterType(typeof(PhoneGraphType));
        RegisterType(typeof(RequiredDocumentGraphType));
        RegisterType(typeof(ProcedureGraphType));
        RegisterType(typeof(ProcedureStepGraphType));
        RegisterType(typeof(ProcedureDocumentGraphType));
        RegisterType(typeof(ProcedureCostGraphType));
        RegisterType(typeof(LegalReferenceGraphType));
        RegisterType(typeof(AssociationGraphType));
        RegisterType(typeof(CouncilGraphType));
        RegisterType(typeof(CouncilMemberGraphType));
        RegisterType(typeof(CouncilEventGraphType));
        RegisterType(typeof(CategoryGraphType));
        RegisterType(typeof(RegionGraphType));
        RegisterType(typeof(ProvinceGraphType));
        RegisterType(typeof(ComuneGraphType));
        RegisterType(typeof(TranslationGraphType));
        RegisterType(typeof(Importing.ImportRunGraphType));

        // Introspection reads the schema, not the database: count it at a tenth so GraphiQL and code generators can
        // load the schema. (Last: reading the meta-fields seals the schema.)
        this.WithIntrospectionComplexityImpact(0.1);
    }
}
