namespace Directory.Api.GraphQL.Errors;

/// <summary>
/// The stable values of <c>errors[].extensions.code</c>. Clients branch on these, so they never change meaning.
/// </summary>
public static class ErrorCodes
{
    /// <summary>An argument or input value is out of range or malformed.</summary>
    public const string BadUserInput = "BAD_USER_INPUT";

    /// <summary>A global ID is malformed or names another type.</summary>
    public const string InvalidId = "INVALID_ID";

    /// <summary>The object asked for does not exist (or is not visible to the caller).</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>The caller may not see or do this.</summary>
    public const string Forbidden = "FORBIDDEN";

    /// <summary>The document is not valid GraphQL.</summary>
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";

    /// <summary>The document does not validate against the schema.</summary>
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";

    /// <summary>The document is too deep or too complex to run.</summary>
    public const string QueryTooComplex = "QUERY_TOO_COMPLEX";

    /// <summary>Something failed on our side; details are logged, not returned.</summary>
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";

    /// <summary>The HTTP request is malformed: bad JSON, no query, variables not an object.</summary>
    public const string BadRequest = "BAD_REQUEST";

    /// <summary>The HTTP method is not allowed (e.g. a mutation over GET).</summary>
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";

    /// <summary>The Accept header allows no media type the endpoint can send.</summary>
    public const string NotAcceptable = "NOT_ACCEPTABLE";

    /// <summary>The request body is over the configured limit.</summary>
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";

    /// <summary>The request body is not JSON in UTF-8.</summary>
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";

    /// <summary>The client sent too many requests; retry after the <c>Retry-After</c> header.</summary>
    public const string RateLimited = "RATE_LIMITED";
}
