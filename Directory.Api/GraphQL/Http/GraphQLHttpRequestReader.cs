using System.Buffers;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Net.Http.Headers;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// Turns a GET query string or a POST JSON body into a <see cref="GraphQLRequest"/>, or into the reason it is not one.
/// </summary>
internal static class GraphQLHttpRequestReader
{
    private const string QueryKey = "query";
    private const string VariablesKey = "variables";
    private const string OperationNameKey = "operationName";
    private const string ExtensionsKey = "extensions";

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Whether a POST's Content-Type is one the endpoint reads: <c>application/json</c>, UTF-8 if a charset is named.</summary>
    public static bool IsSupportedContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(GraphQLMediaTypes.Json, StringComparison.OrdinalIgnoreCase)
        && (!parsed.Charset.HasValue
            || parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || parsed.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));

    public static (GraphQLRequest? Request, GraphQLHttpError? Error) ReadQueryString(IQueryCollection query, IGraphQLTextSerializer serializer)
    {
        foreach (var key in (string[])[QueryKey, VariablesKey, OperationNameKey, ExtensionsKey])
        {
            if (query[key].Count > 1)
            {
                return (null, GraphQLHttpError.BadRequest($"The query string has more than one '{key}' parameter."));
            }
        }

        var text = query[QueryKey].ToString();
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, GraphQLHttpError.BadRequest("The request has no 'query' parameter with a GraphQL document."));
        }

        if (!TryReadObjectParameter(query[VariablesKey].ToString(), VariablesKey, serializer, out var variables, out var error)
            || !TryReadObjectParameter(query[ExtensionsKey].ToString(), ExtensionsKey, serializer, out var extensions, out error))
        {
            return (null, error);
        }

        var operationName = query[OperationNameKey].ToString();
        return (new GraphQLRequest
        {
            Query = text,
            Variables = variables,
            Extensions = extensions,
            OperationName = operationName.Length == 0 ? null : operationName,
        }, null);
    }

    /// <summary>
    /// Reads a JSON body of at most <paramref name="maxBytes"/> bytes. Content-Length is checked first, and the limit is
    /// enforced again while reading, for chunked bodies and for clients that understate their length.
    /// </summary>
    public static async Task<(GraphQLRequest? Request, GraphQLHttpError? Error)> ReadBodyAsync(
        HttpRequest request, IGraphQLTextSerializer serializer, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, GraphQLHttpError.PayloadTooLarge(maxBytes));
        }

        var reader = request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return (null, GraphQLHttpError.PayloadTooLarge(maxBytes));
            }

            if (read.IsCompleted)
            {
                try
                {
                    return ParseBody(buffer, serializer);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            // Nothing consumed yet: ask the pipe for more until the whole body is buffered.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static (GraphQLRequest? Request, GraphQLHttpError? Error) ParseBody(ReadOnlySequence<byte> body, IGraphQLTextSerializer serializer)
    {
        // JSON text may start with a UTF-8 byte order mark, which the JSON reader does not skip itself.
        if (new SequenceReader<byte>(body).IsNext(Utf8Bom))
        {
            body = body.Slice(Utf8Bom.Length);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            // The reader's position is about the client's own text, so it is safe and useful to return; its message is not ours to pass on.
            return (null, GraphQLHttpError.BadRequest(
                $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                return (null, GraphQLHttpError.BadRequest("Batched requests are not supported: send one GraphQL request object per HTTP request."));
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, GraphQLHttpError.BadRequest("The request body must be a JSON object with a 'query'."));
            }

            if (!root.TryGetProperty(QueryKey, out var query) || query.ValueKind == JsonValueKind.Null)
            {
                return (null, GraphQLHttpError.BadRequest("The request has no 'query' with a GraphQL document."));
            }

            if (query.ValueKind != JsonValueKind.String)
            {
                return (null, GraphQLHttpError.BadRequest("'query' must be a string."));
            }

            var text = query.GetString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return (null, GraphQLHttpError.BadRequest("The request has no 'query' with a GraphQL document."));
            }

            string? operationName = null;
            if (root.TryGetProperty(OperationNameKey, out var name) && name.ValueKind != JsonValueKind.Null)
            {
                if (name.ValueKind != JsonValueKind.String)
                {
                    return (null, GraphQLHttpError.BadRequest("'operationName' must be a string."));
                }

                operationName = name.GetString();
            }

            if (!TryReadObjectProperty(root, VariablesKey, serializer, out var variables, out var error)
                || !TryReadObjectProperty(root, ExtensionsKey, serializer, out var extensions, out error))
            {
                return (null, error);
            }

            return (new GraphQLRequest
            {
                Query = text,
                OperationName = string.IsNullOrEmpty(operationName) ? null : operationName,
                Variables = variables,
                Extensions = extensions,
            }, null);
        }
    }

    private static bool TryReadObjectProperty(
        JsonElement root, string key, IGraphQLTextSerializer serializer, out Inputs? value, out GraphQLHttpError? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(key, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            error = GraphQLHttpError.BadRequest($"'{key}' must be a JSON object.");
            return false;
        }

        // Going through the GraphQL serializer gives the same Inputs (numbers, dates, nested lists) as the rest of GraphQL.NET;
        // it reads the element where it lies in the body (no copy of its text to parse again).
        value = serializer.ReadNode<Inputs>(element);
        return true;
    }

    private static bool TryReadObjectParameter(
        string text, string key, IGraphQLTextSerializer serializer, out Inputs? value, out GraphQLHttpError? error)
    {
        value = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = GraphQLHttpError.BadRequest($"'{key}' must be a JSON object.");
                return false;
            }

            value = serializer.Deserialize<Inputs>(text);
            return true;
        }
        catch (JsonException)
        {
            error = GraphQLHttpError.BadRequest($"'{key}' is not valid JSON.");
            return false;
        }
    }
}
