using System.Buffers;
using System.Text.Json;
using GraphQL.Execution;
using GraphQL.SystemTextJson;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// GraphQL.SystemTextJson's serializer (same options, converters and output), which also writes a response straight
/// into a buffer writer such as the response's pipe, without flushing it. Writing to the response stream serializes
/// into a buffer of the serializer's own, copies it into Kestrel's pipe and flushes; with requests kept on one thread
/// (<see cref="Hosting.SocketTransport"/>) that flush sends the body at once, and the end of the response (the last
/// chunk) goes out in a second send. Left unflushed, Kestrel sends headers, body and end together when the request
/// ends. Built by dependency injection like the serializer it replaces.
/// </summary>
internal sealed class GraphQLResponseSerializer(JsonSerializerOptions serializerOptions, IErrorInfoProvider errorInfoProvider)
    : GraphQLSerializer(serializerOptions, errorInfoProvider)
{
    /// <summary>Writes <paramref name="value"/> into <paramref name="output"/> as <see cref="GraphQLSerializer.WriteAsync"/> writes it to a stream; nothing is flushed.</summary>
    public void Write<T>(IBufferWriter<byte> output, T value)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Encoder = SerializerOptions.Encoder,
            Indented = SerializerOptions.WriteIndented,
            IndentCharacter = SerializerOptions.IndentCharacter,
            IndentSize = SerializerOptions.IndentSize,
            NewLine = SerializerOptions.NewLine,
            MaxDepth = SerializerOptions.MaxDepth,
        });
        JsonSerializer.Serialize(writer, value, SerializerOptions);
    }
}
