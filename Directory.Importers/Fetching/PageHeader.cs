using System.Text.Json;

namespace Directory.Importers.Fetching;

/// <summary>
/// The paging fields of one page of an HSDS 3.0 API list (<c>total_items</c>, <c>total_pages</c>,
/// <c>page_number</c>, <c>size</c>, <c>first_page</c>, <c>last_page</c>, <c>empty</c>, then <c>contents</c>).
/// </summary>
internal sealed record PageHeader(int? TotalPages, int? PageNumber, bool? LastPage, bool? Empty, int Items)
{
    public static async Task<PageHeader> ReadAsync(string file, string url, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new FeedFetchException($"{url}: the page is not JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("contents", out var contents) || contents.ValueKind != JsonValueKind.Array)
            {
                throw new FeedFetchException($"{url}: not an HSDS paged list (an object with a contents array)");
            }

            return new PageHeader(Int(root, "total_pages"), Int(root, "page_number"), Bool(root, "last_page"), Bool(root, "empty"), contents.GetArrayLength());
        }
    }

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static bool? Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
