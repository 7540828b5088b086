using GraphQL;

namespace Directory.Api.GraphQL.Errors;

/// <summary>An error a resolver reports on purpose, with a stable code and, when it concerns one, the argument at fault.</summary>
public sealed class DirectoryError : ExecutionError
{
    public DirectoryError(string code, string message, string? argument = null)
        : base(message)
    {
        Code = code;
        if (argument is not null)
        {
            Extensions ??= new Dictionary<string, object?>();
            Extensions["argument"] = argument;
        }
    }

    public static DirectoryError BadInput(string argument, string message) => new(ErrorCodes.BadUserInput, message, argument);

    public static DirectoryError InvalidId(string argument, string message) => new(ErrorCodes.InvalidId, message, argument);

    public static DirectoryError NotFound(string argument, string message) => new(ErrorCodes.NotFound, message, argument);
}
