using System.Security.Cryptography;
using Directory.Api.GraphQL.Errors;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// The GraphQL-over-HTTP endpoint for <typeparamref name="TSchema"/>: reads GET and POST requests, negotiates the response
/// media type, runs the document through GraphQL.NET and answers with the status codes the specification gives.
/// </summary>
internal sealed class GraphQLHttpEndpoint<TSchema>(
    IDocumentExecuter<TSchema> executer,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLHttpOptions> options)
    where TSchema : ISchema
{
    /// <summary>The representation depends on Accept (media type, status) and on Accept-Language (localized fields).</summary>
    private static readonly string VaryBy = $"{HeaderNames.Accept}, {HeaderNames.AcceptLanguage}";

    private readonly GraphQLHttpOptions _options = options.Value;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var isGet = HttpMethods.IsGet(request.Method);
        var isPost = HttpMethods.IsPost(request.Method);

        if (isGet && _options.EnableGraphiQL && !request.Query.ContainsKey("query") && GraphQLMediaTypes.AcceptsHtml(request.Headers.Accept))
        {
            await WriteGraphiQLAsync(context);
            return;
        }

        var mediaType = GraphQLMediaTypes.Negotiate(request.Headers.Accept);
        if (!isGet && !isPost)
        {
            context.Response.Headers.Allow = "GET, POST";
            await WriteErrorAsync(context, mediaType, GraphQLHttpError.MethodNotAllowed("GraphQL requests are sent with GET or POST."));
            return;
        }

        if (mediaType is null)
        {
            await WriteErrorAsync(context, mediaType, GraphQLHttpError.NotAcceptable());
            return;
        }

        if (isPost && !GraphQLHttpRequestReader.IsSupportedContentType(request.ContentType))
        {
            await WriteErrorAsync(context, mediaType, GraphQLHttpError.UnsupportedMediaType());
            return;
        }

        var (graphQLRequest, error) = isPost
            ? await GraphQLHttpRequestReader.ReadBodyAsync(request, serializer, _options.MaxRequestBodyBytes, context.RequestAborted)
            : GraphQLHttpRequestReader.ReadQueryString(request.Query, serializer);
        if (error is not null || graphQLRequest is null)
        {
            await WriteErrorAsync(context, mediaType, error ?? GraphQLHttpError.BadRequest("The request could not be read."));
            return;
        }

        // GET must be safe, so the spec forbids running mutations through it; subscriptions need a streaming transport anyway.
        if (isGet && SelectedOperationType(graphQLRequest) is OperationType.Mutation or OperationType.Subscription)
        {
            context.Response.Headers.Allow = "POST";
            await WriteErrorAsync(context, mediaType, GraphQLHttpError.MethodNotAllowed("Mutations and subscriptions must be sent with POST."));
            return;
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = graphQLRequest.Query,
            Variables = graphQLRequest.Variables,
            OperationName = graphQLRequest.OperationName,
            Extensions = graphQLRequest.Extensions,
            RequestServices = context.RequestServices,
            User = context.User,
            CancellationToken = context.RequestAborted,
            UserContext = new DirectoryUserContext
            {
                AcceptLanguages = AcceptLanguage.Parse(request.Headers.AcceptLanguage),
                User = context.User,
            },
        });

        await WriteResultAsync(context, StatusCodeOf(result, mediaType), mediaType, result);
    }

    /// <summary>
    /// With <c>application/graphql-response+json</c> the status tells whether execution started: a document that does not
    /// parse or validate is a 400 and a failure of the server before execution a 500. With <c>application/json</c> every
    /// well-formed request is a 200, as legacy clients expect.
    /// </summary>
    private static int StatusCodeOf(ExecutionResult result, string mediaType)
    {
        if (result.Executed || mediaType != GraphQLMediaTypes.GraphQLResponseJson)
        {
            return StatusCodes.Status200OK;
        }

        return result.Errors?.Any(error => error is UnhandledError) == true
            ? StatusCodes.Status500InternalServerError
            : StatusCodes.Status400BadRequest;
    }

    /// <summary>
    /// The type of the operation the request would run, or <see langword="null"/> when the document does not parse or names no
    /// single operation; the executer then reports that error itself.
    /// </summary>
    private static OperationType? SelectedOperationType(GraphQLRequest request)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(request.Query, new ParserOptions { Ignore = IgnoreOptions.All });
        }
        catch (GraphQLParserException)
        {
            return null;
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var selected = request.OperationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(operation => operation.Name is not null && operation.Name == request.OperationName);
        return selected?.Operation;
    }

    private Task WriteErrorAsync(HttpContext context, string? mediaType, GraphQLHttpError error)
    {
        // A DirectoryError, so the project's error formatter passes the code and message through rather than masking them.
        var result = new ExecutionResult { Errors = [new DirectoryError(error.Code, error.Message)] };
        return WriteResultAsync(context, error.StatusCode, mediaType ?? GraphQLMediaTypes.Json, result);
    }

    private async Task WriteResultAsync(HttpContext context, int statusCode, string mediaType, ExecutionResult result)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = GraphQLMediaTypes.WithCharset(mediaType);
        response.Headers.Vary = VaryBy;
        if (serializer is GraphQLResponseSerializer direct)
        {
            // Into the response's pipe, unflushed: sent with the end of the response.
            direct.Write(response.BodyWriter, result);
            return;
        }

        // Any other GraphQL serializer (the endpoint serves whichever the schema's set-up registers) writes to the stream.
        await serializer.WriteAsync(response.Body, result, context.RequestAborted);
    }

    private static async Task WriteGraphiQLAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        response.Headers.ContentSecurityPolicy = GraphiQLPage.ContentSecurityPolicy(nonce);
        var page = GraphiQLPage.Render(context.Request.PathBase, context.Request.PathBase + context.Request.Path, nonce);
        await response.WriteAsync(page, context.RequestAborted);
    }
}
