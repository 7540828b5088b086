using System.Text.Json;
using System.Text.Json.Serialization;
using Directory.Model.Importing;

namespace Directory.Importers.Sources;

/// <summary>
/// One configured feed, as written in the sources file. Paths are relative to that file.
/// </summary>
public sealed class SourceDefinition
{
    /// <summary>Stable id, written as <c>Source</c> on every record the feed creates.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public ImportFormat Format { get; set; }

    /// <summary>HTTP(S) address of the feed; or <see cref="Path"/>.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// Whether <see cref="Url"/> is an HSDS 3.0 API list endpoint (e.g. <c>/services</c>) answering paged lists
    /// (<c>total_pages</c>, <c>page_number</c>, <c>last_page</c>, <c>contents</c>): pages are fetched with
    /// <c>?page=N</c> until the last one. Paged sources are fetched whole every run (no conditional GET).
    /// </summary>
    public bool Paged { get; set; }

    /// <summary>Page size asked of a paged source (<c>per_page</c>); null leaves it to the server.</summary>
    public int? PerPage { get; set; }

    /// <summary>Local file of the feed (for a data package: its datapackage.json, its folder or a zip file); or <see cref="Url"/>.</summary>
    public string? Path { get; set; }

    /// <summary>Mapping file of a CSV or GeoJSON feed.</summary>
    public string? Mapping { get; set; }

    /// <summary>Database id of the organization that runs what the feed lists, when rows do not name one.</summary>
    public int? OwnerOrganizationId { get; set; }

    public string? Licence { get; set; }

    /// <summary>ISO 8601 duration between scheduled runs, e.g. <c>P1D</c>.</summary>
    public string? Schedule { get; set; }

    /// <summary>Whether the feed lists everything, so missing records are withdrawn (default true).</summary>
    public bool FullFeed { get; set; } = true;

    /// <summary>The same source read from a local copy of its feed (e.g. a data package downloaded into the work folder).</summary>
    internal SourceDefinition ReadFrom(string path)
    {
        var copy = (SourceDefinition)MemberwiseClone();
        (copy.Url, copy.Path, copy.Paged) = (null, path, false);
        return copy;
    }
}

/// <summary>The sources file: <c>{ "sources": [ ... ] }</c>.</summary>
public sealed class SourcesFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public List<SourceDefinition> Sources { get; set; } = [];

    /// <summary>Reads and checks a sources file; relative paths become absolute. Throws <see cref="InvalidDataException"/> naming the source and field.</summary>
    public static SourcesFile Load(string path)
    {
        SourcesFile file;
        try
        {
            file = JsonSerializer.Deserialize<SourcesFile>(File.ReadAllText(path), Json) ?? new SourcesFile();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Sources.Count; i++)
        {
            var s = file.Sources[i];
            var where = $"{path}, sources[{i}]";
            if (string.IsNullOrWhiteSpace(s.Id) || s.Id.Length > 100)
            {
                throw new InvalidDataException($"{where}: id is required (at most 100 characters)");
            }

            if (!ids.Add(s.Id))
            {
                throw new InvalidDataException($"{where}: id '{s.Id}' is used twice");
            }

            if ((s.Url is null) == (s.Path is null))
            {
                throw new InvalidDataException($"{where} ({s.Id}): give either url or path");
            }

            if (s.Url is not null && !(Uri.TryCreate(s.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                throw new InvalidDataException($"{where} ({s.Id}): url must be an absolute http(s) address");
            }

            if (s.Paged && (s.Url is null || s.Format != ImportFormat.HsdsJson))
            {
                throw new InvalidDataException($"{where} ({s.Id}): only an HSDS JSON source with a url can be paged");
            }

            if (s.PerPage is < 1)
            {
                throw new InvalidDataException($"{where} ({s.Id}): perPage must be at least 1");
            }

            if (s.Format is ImportFormat.Csv or ImportFormat.GeoJson && s.Mapping is null)
            {
                throw new InvalidDataException($"{where} ({s.Id}): a {s.Format} source needs a mapping file");
            }

            s.Path = s.Path is null ? null : System.IO.Path.GetFullPath(s.Path, folder);
            s.Mapping = s.Mapping is null ? null : System.IO.Path.GetFullPath(s.Mapping, folder);
            if (string.IsNullOrWhiteSpace(s.Name))
            {
                s.Name = s.Id;
            }
        }

        return file;
    }
}
