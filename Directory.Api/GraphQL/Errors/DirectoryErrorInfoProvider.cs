using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Errors;
using GraphQLParser.Exceptions;

namespace Directory.Api.GraphQL.Errors;

/// <summary>
/// The one place that decides what an error looks like on the wire: every error gets a stable
/// <c>extensions.code</c> from <see cref="ErrorCodes"/>, and no exception text leaves the server unless
/// <paramref name="exposeDetails"/> is set (Development only).
/// </summary>
public sealed class DirectoryErrorInfoProvider(bool exposeDetails) : IErrorInfoProvider
{
    public ErrorInfo GetInfo(ExecutionError executionError)
    {
        var (code, message) = Classify(executionError);
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (executionError is ValidationError validation && validation.Code is not null && code != validation.Code)
        {
            // The specific rule that failed, for people reading the response; the code above is what to branch on.
            extensions["rule"] = validation.Code;
        }

        if (executionError.Extensions is { Count: > 0 } own)
        {
            foreach (var (key, value) in own)
            {
                extensions[key] = value;
            }
        }

        if (exposeDetails && executionError.InnerException is { } inner)
        {
            extensions["details"] = inner.ToString();
        }

        return new ErrorInfo { Message = message, Extensions = extensions };
    }

    private (string Code, string Message) Classify(ExecutionError error) => error switch
    {
        DirectoryError e => (e.Code!, e.Message),
        SyntaxError e => (ErrorCodes.ParseFailed, e.Message),
        InvalidVariableError e => (ErrorCodes.BadUserInput, e.Message),
        ValidationError { Code: "COMPLEXITY" or "COMPLEXITY_ERROR" } e => (ErrorCodes.QueryTooComplex, e.Message),
        ValidationError e when e.InnerException is ValidationError { Code: "COMPLEXITY" or "COMPLEXITY_ERROR" } => (ErrorCodes.QueryTooComplex, e.Message),
        ValidationError e => (ErrorCodes.ValidationFailed, e.Message),
        DocumentError e when e.InnerException is GraphQLSyntaxErrorException => (ErrorCodes.ParseFailed, e.Message),
        DocumentError e => (ErrorCodes.BadUserInput, e.Message),
        UnhandledError e when e.InnerException is ExecutionError inner => Classify(inner),
        _ when exposeDetails => (ErrorCodes.InternalServerError, error.Message),
        _ => (ErrorCodes.InternalServerError, "Internal server error. The failure has been logged."),
    };
}
