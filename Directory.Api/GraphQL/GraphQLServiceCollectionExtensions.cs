using Directory.Api.Associations;
using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Paging;
using Directory.Api.GraphQL.Relay;
using Directory.Api.Procedures;
using Directory.Model.Common;
using Directory.Model.Locations;
using Directory.Model.Procedures;
using Directory.Model.Services;
using GraphQL;
using GraphQL.Validation;
using GraphQL.Execution;

namespace Directory.Api.GraphQL;

/// <summary>Options for query execution. Configuration section <c>GraphQL:Execution</c>.</summary>
public sealed class GraphQLExecutionOptions
{
    public const string Section = "GraphQL:Execution";

    /// <summary>Deepest field nesting a document may have.</summary>
    [System.ComponentModel.DataAnnotations.Range(2, 100)]
    public int MaxDepth { get; set; } = 15;

    /// <summary>Highest complexity score a document may have (lists count 20× their children).</summary>
    [System.ComponentModel.DataAnnotations.Range(10, 10_000_000)]
    public int MaxComplexity { get; set; } = 1_000_000;
}

public static partial class GraphQLServiceCollectionExtensions
{
    /// <summary>Registers the schema, its loaders, the error policy and the execution limits.</summary>
    public static IServiceCollection AddDirectoryGraphQL(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<GraphQLExecutionOptions>().Bind(configuration.GetSection(GraphQLExecutionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(BuildNodeRegistry());
        services.AddSingleton<ReferenceCache>();
        services.AddScoped<DataLoaderContext>();
        services.AddTransient(typeof(ConnectionGraphType<,>));
        services.AddTransient(typeof(EdgeGraphType<,>));
        services.AddGraphQL(builder => builder
            .AddSchema<DirectorySchema>()
            // Italian, Arabic, Chinese... read as themselves in responses: the body is JSON, never embedded in HTML.
            .AddSystemTextJson(json =>
            {
                json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
                // GraphQL.SystemTextJson's result format, with scalar values written directly (see the class).
                json.Converters.Add(new Http.ExecutionResultConverter());
            })
            // The same serializer, also able to write into the response's pipe.
            .AddSerializer<Http.GraphQLResponseSerializer>()
            .AddGraphTypes(typeof(DirectorySchema).Assembly)
            .AddComplexityAnalyzer((options, sp) =>
            {
                var limits = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphQLExecutionOptions>>().Value;
                options.MaxDepth = limits.MaxDepth;
                options.MaxComplexity = limits.MaxComplexity;
            })
            // Parsed, validated documents by their text: repeated queries skip parsing and document-only validation.
            .ConfigureExecution<DocumentCache>()
            // Queries collect each selection set's fields once, not once per object of a page.
            .AddExecutionStrategy<QueryExecutionStrategy>(GraphQLParser.AST.OperationType.Query)
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = context.Context?.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("Directory.GraphQL");
                if (logger is not null)
                {
                    LogUnhandled(logger, context.OriginalException);
                }
            }));
        // After AddGraphQL, so it replaces GraphQL.NET's validator: cached documents skip one walk (see the class).
        services.AddSingleton<IDocumentValidator, CachedDocumentValidator>();
        services.AddSingleton<IErrorInfoProvider>(new DirectoryErrorInfoProvider(exposeDetails: environment.IsDevelopment()));
        return services;
    }

    private static NodeRegistry BuildNodeRegistry() => new NodeRegistry()
        .Coded("Region", (db, codes) => db.Regions.Where(r => codes.Contains(r.IstatCode)), r => r.IstatCode)
        .Coded("Province", (db, codes) => db.Provinces.Where(p => codes.Contains(p.IstatCode)), p => p.IstatCode)
        .Coded("Comune", (db, codes) => db.Comuni.Where(c => codes.Contains(c.IstatCode)), c => c.IstatCode)
        .Entity("Category", db => db.Categories)
        .Entity("Organization", db => db.Organizations)
        .Entity("Service", db => db.Services)
        .Entity("RequiredDocument", db => db.RequiredDocuments)
        .Entity("Location", db => db.Locations)
        .Entity("ServiceAtLocation", db => db.ServiceAtLocations)
        .Entity("Schedule", db => db.Schedules)
        .Entity("SpecialHours", db => db.SpecialHours)
        .Entity("Phone", db => db.Phones)
        .Entity("Procedure", db => ProcedureLoaders.Visible(db.Procedures))
        .Entity("ProcedureStep", db => OfVisibleProcedure(db, db.ProcedureSteps, x => x.ProcedureId))
        .Entity("ProcedureDocument", db => OfVisibleProcedure(db, db.ProcedureDocuments, x => x.ProcedureId))
        .Entity("ProcedureCost", db => OfVisibleProcedure(db, db.ProcedureCosts, x => x.ProcedureId))
        .Entity("LegalReference", db => OfVisibleProcedure(db, db.LegalReferences, x => x.ProcedureId))
        .Entity("Association", db => db.Associations)
        .Entity("RepresentativeCouncil", db => db.Councils)
        .Entity("CouncilMember", db => db.CouncilMembers)
        .Entity("CouncilEvent", db => db.CouncilEvents)
        .Keyed(Importing.ImportRunGraphType.TypeName, (db, ids) => db.ImportRuns.Where(r => ids.Contains(r.Id)), r => r.Id);

    private static IQueryable<T> OfVisibleProcedure<T>(Model.Data.DirectoryDbContext db, IQueryable<T> rows, System.Linq.Expressions.Expression<Func<T, int>> procedureId)
    {
        // Steps, documents and costs of a draft are as private as the draft itself.
        var visible = ProcedureLoaders.Visible(db.Procedures).Select(p => p.Id);
        var parameter = procedureId.Parameters[0];
        var contains = System.Linq.Expressions.Expression.Call(
            typeof(Queryable), nameof(Queryable.Contains), [typeof(int)], visible.Expression, procedureId.Body);
        return rows.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(contains, parameter));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception while executing a GraphQL request")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
