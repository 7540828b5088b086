using System.Buffers;
using Directory.Api.GraphQL.Http;
using Directory.Tests.Infrastructure;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Api;

/// <summary>Responses are written into the response's pipe by the app's serializer, with the same bytes as through a stream.</summary>
public sealed class ResponseSerializerTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    [Fact]
    public void The_app_serializes_with_the_pipe_writing_serializer()
    {
        Assert.IsType<GraphQLResponseSerializer>(api.Services.GetRequiredService<IGraphQLTextSerializer>());
        Assert.IsType<GraphQLResponseSerializer>(api.Services.GetRequiredService<IGraphQLSerializer>());
    }

    [Fact]
    public async Task A_result_written_into_a_buffer_writer_has_the_bytes_written_to_a_stream()
    {
        var executer = api.Services.GetRequiredService<IDocumentExecuter<Directory.Api.GraphQL.DirectorySchema>>();
        using var scope = api.Services.CreateScope();
        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = "{ regions(first: 3) { totalCount edges { node { name istatCode } } } nope: comune(istatCode: \"000000\") { name } }",
            RequestServices = scope.ServiceProvider,
            UserContext = new Directory.Api.GraphQL.DirectoryUserContext(),
        });
        var serializer = (GraphQLResponseSerializer)api.Services.GetRequiredService<IGraphQLTextSerializer>();

        using var stream = new MemoryStream();
        await serializer.WriteAsync(stream, result);
        var buffer = new ArrayBufferWriter<byte>(16);
        serializer.Write(buffer, result);

        Assert.Contains("\"regions\"", System.Text.Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
        Assert.Equal(stream.ToArray(), buffer.WrittenSpan.ToArray());
    }
}
