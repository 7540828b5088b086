using Directory.Api.GraphQL.Errors;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// A request the endpoint refuses before any GraphQL runs: its HTTP status, a stable error code and a message for the client.
/// </summary>
internal sealed record GraphQLHttpError(int StatusCode, string Code, string Message)
{
    public static GraphQLHttpError BadRequest(string message) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, message);

    public static GraphQLHttpError MethodNotAllowed(string message) =>
        new(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, message);

    public static GraphQLHttpError NotAcceptable() =>
        new(StatusCodes.Status406NotAcceptable, ErrorCodes.NotAcceptable,
            $"The response can be sent as {GraphQLMediaTypes.GraphQLResponseJson} or {GraphQLMediaTypes.Json}; the Accept header allows neither.");

    public static GraphQLHttpError PayloadTooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.");

    public static GraphQLHttpError UnsupportedMediaType() =>
        new(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
            $"POST requests must have Content-Type {GraphQLMediaTypes.Json} (UTF-8).");
}
