using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// Registers and maps the GraphQL-over-HTTP endpoint.
/// </summary>
public static class GraphQLHttpExtensions
{
    /// <summary>
    /// Adds the GraphQL-over-HTTP endpoint's services and binds <see cref="GraphQLHttpOptions"/> from <c>GraphQL:Http</c>,
    /// validated at start-up. The schema, executer and serializer come from GraphQL.NET's <c>AddGraphQL</c>.
    /// </summary>
    public static IServiceCollection AddDirectoryGraphQLHttp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<GraphQLHttpOptions>()
            .Bind(configuration.GetSection(GraphQLHttpOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(typeof(GraphQLHttpEndpoint<>));
        return services;
    }

    /// <summary>
    /// Maps the GraphQL-over-HTTP endpoint for <typeparamref name="TSchema"/> at <paramref name="pattern"/>:
    /// GET and POST requests, and the GraphiQL explorer for browsers.
    /// </summary>
    public static IEndpointConventionBuilder MapDirectoryGraphQL<TSchema>(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
        where TSchema : ISchema
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(GraphQLHttpEndpoint<TSchema>)) == false)
        {
            throw new InvalidOperationException($"Call {nameof(AddDirectoryGraphQLHttp)} on the services before mapping the GraphQL endpoint.");
        }

        // Mapped for every method: the endpoint answers the others with 405 and an Allow header, as the spec asks.
        return endpoints
            .Map(pattern, context => context.RequestServices.GetRequiredService<GraphQLHttpEndpoint<TSchema>>().HandleAsync(context))
            .WithDisplayName($"GraphQL ({typeof(TSchema).Name})");
    }
}
