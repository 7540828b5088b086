using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Directory.Importers.Fetching;
using Directory.Importers.Sources;
using Directory.Model.Importing;

namespace Directory.Importers.Formats;

/// <summary>One CSV line of a data package resource, read by column name.</summary>
internal sealed record PackageRow(string File, int Line, IReadOnlyDictionary<string, int> Columns, string[] Cells)
{
    /// <summary>The cell of a column, trimmed; null when the column is absent or the cell empty.</summary>
    public string? this[string column] =>
        Columns.TryGetValue(column, out var i) && i < Cells.Length && Cells[i].Trim() is { Length: > 0 } value ? value : null;

    /// <summary>Where a cell is, as <c>file:line:column</c>.</summary>
    public string Where(string column) => $"{File}:{Line.ToString(CultureInfo.InvariantCulture)}:{column}";
}

/// <summary>
/// A Frictionless tabular data package (<c>datapackage.json</c> with CSV resources): from a folder, a zip file, or
/// a URL whose resources are fetched relative to it through the same <see cref="FeedFetcher"/> (retries, size limit).
/// </summary>
internal sealed class DataPackage : IAsyncDisposable
{
    private readonly Dictionary<string, JsonElement> _resources = new(StringComparer.Ordinal);
    private readonly JsonDocument _descriptor;
    private readonly SourceDefinition _source;
    private readonly FeedFetcher _fetcher;
    private readonly ZipArchive? _zip;
    private readonly string? _zipFolder;
    private readonly Stream? _zipFile;

    private DataPackage(JsonDocument descriptor, SourceDefinition source, FeedFetcher fetcher, ZipArchive? zip, string? zipFolder, Stream? zipFile)
    {
        (_descriptor, _source, _fetcher, _zip, _zipFolder, _zipFile) = (descriptor, source, fetcher, zip, zipFolder, zipFile);
        if (!descriptor.RootElement.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("datapackage.json has no resources array");
        }

        foreach (var resource in resources.EnumerateArray())
        {
            var name = resource.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            name ??= PathOf(resource) is { } path ? System.IO.Path.GetFileNameWithoutExtension(path) : null;
            if (name is not null)
            {
                _resources.TryAdd(name, resource);
            }
        }
    }

    /// <summary>Opens the package whose descriptor (or zip file) <paramref name="content"/> holds.</summary>
    public static async Task<DataPackage> OpenAsync(Stream content, SourceDefinition source, FeedFetcher fetcher, CancellationToken cancellationToken)
    {
        var peek = new PeekableStream(content);
        if (await peek.PeekFirstSignificantByteAsync(cancellationToken).ConfigureAwait(false) == 'P')
        {
            // A zip file: spooled to a temporary file, since a zip is read from its end.
            var file = new FileStream(System.IO.Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            try
            {
                await peek.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                file.Position = 0;
                var zip = new ZipArchive(file, ZipArchiveMode.Read);
                var entry = zip.Entries.Where(e => e.Name == "datapackage.json").MinBy(e => e.FullName.Length)
                    ?? throw new InvalidDataException("the zip file holds no datapackage.json");
                var folder = entry.FullName[..^entry.Name.Length];
                JsonDocument descriptor;
                await using (var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false))
                {
                    descriptor = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                return new DataPackage(descriptor, source, fetcher, zip, folder, file);
            }
            catch
            {
                await file.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return new DataPackage(await JsonDocument.ParseAsync(peek, cancellationToken: cancellationToken).ConfigureAwait(false), source, fetcher, null, null, null);
    }

    /// <summary>Whether the package lists a resource of this name.</summary>
    public bool Has(string name) => _resources.ContainsKey(name);

    /// <summary>File name of a resource, as problems name it.</summary>
    public string FileOf(string name) => _resources.TryGetValue(name, out var r) && PathOf(r) is { } path ? System.IO.Path.GetFileName(path) : name + ".csv";

    /// <summary>The rows of a resource, streamed; none when the package does not list it.</summary>
    public async IAsyncEnumerable<PackageRow> RowsAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!_resources.TryGetValue(name, out var resource))
        {
            yield break;
        }

        var path = PathOf(resource) ?? throw new InvalidDataException($"datapackage.json: resource '{name}' has no path (inline data is not supported)");
        var file = System.IO.Path.GetFileName(path);
        await using var opened = await OpenAsync(path, cancellationToken).ConfigureAwait(false);
        using var text = new StreamReader(opened.Stream, Encoding(resource, name), detectEncodingFromByteOrderMarks: true);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = resource.TryGetProperty("dialect", out var dialect) && dialect.ValueKind == JsonValueKind.Object
                && dialect.TryGetProperty("delimiter", out var d) && d.GetString() is { Length: 1 } delimiter ? delimiter : ",",
            HasHeaderRecord = true,
            MissingFieldFound = null,
            BadDataFound = args => throw new InvalidDataException($"{file}:{args.Context.Parser?.RawRow}: malformed line (a quote is not closed or stray)"),
            DetectColumnCountChanges = false,
        };
        using var csv = new CsvReader(text, configuration);
        if (!await csv.ReadAsync().ConfigureAwait(false))
        {
            yield break;
        }

        csv.ReadHeader();
        var columns = (csv.HeaderRecord ?? []).Select((c, i) => (c: c.Trim(), i)).GroupBy(x => x.c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        while (await csv.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cells = csv.Parser.Record ?? [];
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return new PackageRow(file, csv.Parser.RawRow, columns, cells);
        }
    }

    private static string? PathOf(JsonElement resource) =>
        resource.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static Encoding Encoding(JsonElement resource, string name)
    {
        var encoding = resource.TryGetProperty("encoding", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()!.ToLowerInvariant() : "utf-8";
        return encoding switch
        {
            "utf-8" or "utf8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            "latin1" or "latin-1" or "iso-8859-1" => System.Text.Encoding.Latin1,
            _ => throw new InvalidDataException($"datapackage.json: resource '{name}' has encoding '{encoding}' (supported: utf-8, iso-8859-1)"),
        };
    }

    /// <summary>A resource's bytes: a zip entry, a file next to the descriptor, or an HTTP(S) address relative to it.</summary>
    private async Task<OpenedResource> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var isUrl = Uri.TryCreate(path, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps);
        if (!isUrl && (System.IO.Path.IsPathRooted(path) || path.Replace('\\', '/').Split('/').Contains("..")))
        {
            throw new InvalidDataException($"datapackage.json: resource path '{path}' must be relative to the package, inside it");
        }

        if (_zip is not null && !isUrl)
        {
            var entry = _zip.GetEntry(_zipFolder + path) ?? throw new InvalidDataException($"the zip file has no {_zipFolder}{path}");
            return new OpenedResource(await entry.OpenAsync(cancellationToken).ConfigureAwait(false), null);
        }

        if (_source.Url is not null || isUrl)
        {
            var url = isUrl ? absolute! : new Uri(new Uri(_source.Url!), path);
            var feed = await _fetcher.OpenAsync(new SourceDefinition { Id = _source.Id, Name = _source.Name, Format = ImportFormat.Csv, Url = url.AbsoluteUri }, null, null, cancellationToken).ConfigureAwait(false);
            return new OpenedResource(feed.Content!, feed);
        }

        var folder = System.IO.Directory.Exists(_source.Path) ? _source.Path! : System.IO.Path.GetDirectoryName(_source.Path!)!;
        var file = System.IO.Path.Combine(folder, path);
        var resource = await _fetcher.OpenAsync(new SourceDefinition { Id = _source.Id, Name = _source.Name, Format = ImportFormat.Csv, Path = file }, null, null, cancellationToken).ConfigureAwait(false);
        return new OpenedResource(resource.Content!, resource);
    }

    private sealed record OpenedResource(Stream Stream, IAsyncDisposable? Owner) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
            if (Owner is not null)
            {
                await Owner.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _descriptor.Dispose();
        _zip?.Dispose();
        if (_zipFile is not null)
        {
            await _zipFile.DisposeAsync().ConfigureAwait(false);
        }
    }
}
