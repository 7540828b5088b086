using System.Text.Json.Nodes;
using Directory.Tests.Infrastructure;

namespace Directory.Tests.ApiTests;

/// <summary>Small readers and assertions over GraphQL JSON answers, so the tests read as the behaviour they check.</summary>
internal static class ApiAssert
{
    /// <summary>The <c>nodes</c> of a connection field of <paramref name="data"/>.</summary>
    public static JsonArray Nodes(this JsonNode data, string field) => data[field]!["nodes"]!.AsArray();

    /// <summary>
    /// A global ID written by hand (base64url of <c>Type:key</c>), to ask for objects the tests did not get from the API.
    /// </summary>
    public static string GlobalId(string typeName, object key) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{typeName}:{key}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A string property.</summary>
    public static string Text(this JsonNode? node, string property) => node![property]!.GetValue<string>();

    /// <summary>A string property of every element.</summary>
    public static List<string> Texts(this JsonArray array, string property) => array.Select(n => n.Text(property)).ToList();

    /// <summary>A JSON array of strings.</summary>
    public static List<string> Strings(this JsonNode? array) => array!.AsArray().Select(x => x!.GetValue<string>()).ToList();

    /// <summary>Every JSON object in a tree, depth first, the root included.</summary>
    public static IEnumerable<JsonObject> Objects(this JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, value) in obj)
                {
                    foreach (var inner in Objects(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var inner in Objects(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    /// <summary>
    /// Asserts the response's first error has <paramref name="code"/>; when <paramref name="argument"/> is given, the error
    /// names it in <c>extensions.argument</c> and, when <paramref name="inMessage"/>, in its message too.
    /// </summary>
    public static JsonNode Error(this GraphQLResponse response, string code, string? argument = null, bool inMessage = false)
    {
        Assert.Equal(code, response.ErrorCode());
        var error = response.Errors![0]!;
        if (argument is not null)
        {
            Assert.Equal(argument, error["extensions"]?["argument"]?.GetValue<string>());
            if (inMessage)
            {
                Assert.Contains($"'{argument}'", error.Text("message"), StringComparison.Ordinal);
            }
        }

        return error;
    }

    /// <summary>Asserts two sets are equal, showing both when they are not.</summary>
    public static void SameSet(IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.Order(StringComparer.Ordinal).ToList();
        var a = actual.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(e, a);
    }

    /// <summary>
    /// Asserts that a filter is worth testing on the seeded data: it keeps something, and leaves something out.
    /// </summary>
    public static void Discriminates(ICollection<string> expected, int all)
    {
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all, $"The filter keeps all {all} records, so the test would not notice it being ignored.");
    }
}
