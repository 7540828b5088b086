using System.IO.Pipelines;
using System.Text.Json;
using GraphQL.Execution;
using GraphQL.SystemTextJson;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// GraphQL.SystemTextJson's serializer (same options, converters and output), which also writes a response straight
/// into the response's pipe: writing to the response stream serializes into a buffer of its own first and copies it
/// into Kestrel's pipe, with a flush step per buffer. Built by dependency injection like the serializer it replaces.
/// </summary>
internal sealed class GraphQLResponseSerializer(JsonSerializerOptions serializerOptions, IErrorInfoProvider errorInfoProvider)
    : GraphQLSerializer(serializerOptions, errorInfoProvider)
{
    /// <summary>Writes <paramref name="value"/> into <paramref name="writer"/>, flushing as the pipe asks (its back-pressure applies).</summary>
    public Task WriteAsync<T>(PipeWriter writer, T value, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(writer, value, SerializerOptions, cancellationToken);
}
