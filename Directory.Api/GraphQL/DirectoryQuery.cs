using Directory.Api.Associations;
using Directory.Api.Councils;
using Directory.Api.Geography;
using Directory.Api.Importing;
using Directory.Api.GraphQL.Relay;
using Directory.Api.Locations;
using Directory.Api.Organizations;
using Directory.Api.Procedures;
using Directory.Api.Services;
using Directory.Api.Taxonomy;
using GraphQL.Types;

namespace Directory.Api.GraphQL;

/// <summary>The root query type; each feature adds its own fields.</summary>
public sealed class DirectoryQuery : ObjectGraphType
{
    public DirectoryQuery(NodeRegistry nodes)
    {
        Name = "Query";
        Description = "Everything the Directory publishes: services, organizations, procedure guides, associations, councils, geography and the taxonomy.";
        this.AddNodeQueries(nodes);
        this.AddServiceQueries();
        this.AddLocationQueries();
        this.AddOrganizationQueries();
        this.AddProcedureQueries();
        this.AddAssociationQueries();
        this.AddCouncilQueries();
        this.AddGeographyQueries();
        this.AddCategoryQueries();
        this.AddImportRunQueries();
        this.AddChangeQueries();
    }
}
