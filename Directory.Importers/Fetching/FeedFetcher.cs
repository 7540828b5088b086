using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Directory.Importers.Sources;
using Directory.Model.Importing;
using Microsoft.Extensions.Options;

namespace Directory.Importers.Fetching;

/// <summary>A feed opened for reading, or the news that it has not changed.</summary>
public sealed class FetchedFeed : IAsyncDisposable
{
    private readonly IDisposable? _owner;

    private FetchedFeed(Stream? content, string? etag, DateTimeOffset? lastModified, IDisposable? owner)
    {
        Content = content;
        ETag = etag;
        LastModified = lastModified;
        _owner = owner;
    }

    /// <summary>The body, streamed; null when <see cref="NotModified"/>.</summary>
    public Stream? Content { get; }

    public bool NotModified => Content is null;

    public string? ETag { get; }

    public DateTimeOffset? LastModified { get; }

    internal static FetchedFeed Unchanged() => new(null, null, null, null);

    internal static FetchedFeed Of(Stream content, string? etag, DateTimeOffset? lastModified, IDisposable? owner) => new(content, etag, lastModified, owner);

    public async ValueTask DisposeAsync()
    {
        if (Content is not null)
        {
            await Content.DisposeAsync().ConfigureAwait(false);
        }

        _owner?.Dispose();
    }
}

/// <summary>A feed could not be fetched (after retries), or broke a limit.</summary>
public sealed class FeedFetchException : Exception
{
    public FeedFetchException(string message)
        : base(message)
    {
    }

    public FeedFetchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FeedFetchException()
    {
    }
}

/// <summary>
/// Opens a source's feed: a local file, or an HTTP GET through the resilience pipeline (timeouts, retries with
/// jittered backoff honouring Retry-After, circuit breaker), conditional on the last ETag / Last-Modified,
/// streamed and cut off at the size limit.
/// </summary>
public sealed class FeedFetcher(IHttpClientFactory httpClientFactory, IOptions<FetchOptions> options)
{
    public const string HttpClientName = "feeds";

    private const int CopyBuffer = 81920;

    /// <summary>
    /// Brings a source's feed to local disk so it can be read twice without holding it in memory: a local file is
    /// used where it is; a download is written to <paramref name="folder"/> (a paged source page by page, each page
    /// through the resilience pipeline, until the last page). Fails on the first page that fails for good, on a
    /// server that does not page as asked, past <see cref="FetchOptions.MaxPages"/> or past the size limit.
    /// </summary>
    public async Task<SpooledFeed> SpoolAsync(SourceDefinition source, string? etag, DateTimeOffset? lastModified, string folder, IProgress<long>? downloaded, CancellationToken cancellationToken)
    {
        if (source.Path is { } path)
        {
            await using var local = await OpenAsync(source, null, null, cancellationToken).ConfigureAwait(false);
            if (source.Format == ImportFormat.HsdsDataPackage && System.IO.Directory.Exists(path))
            {
                // A data package folder is read through its descriptor; the reader opens the resources next to it.
                path = Path.Combine(path, "datapackage.json");
            }

            return SpooledFeed.Of([path], new FileInfo(path).Length);
        }

        if (source.Paged)
        {
            return await SpoolPagesAsync(source, folder, downloaded, cancellationToken).ConfigureAwait(false);
        }

        await using var feed = await OpenAsync(source, etag, lastModified, cancellationToken).ConfigureAwait(false);
        if (feed.NotModified)
        {
            return SpooledFeed.Unchanged();
        }

        if (source.Format == ImportFormat.HsdsDataPackage)
        {
            return await SpoolPackageAsync(source, feed, folder, downloaded, cancellationToken).ConfigureAwait(false);
        }

        var file = Path.Combine(folder, "feed.download");
        var bytes = await CopyAsync(feed.Content!, file, 0, downloaded, cancellationToken).ConfigureAwait(false);
        return SpooledFeed.Of([file], bytes, feed.ETag, feed.LastModified);
    }

    private async Task<SpooledFeed> SpoolPagesAsync(SourceDefinition source, string folder, IProgress<long>? downloaded, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        long bytes = 0;
        for (var page = 1; ; page++)
        {
            if (page > options.Value.MaxPages)
            {
                throw new FeedFetchException($"{source.Url}: more than {options.Value.MaxPages} pages, over the limit (Importers:Fetch:MaxPages)");
            }

            // Pages change between runs independently of the first one, so a paged source is never fetched conditionally.
            var pageSource = new SourceDefinition { Id = source.Id, Format = source.Format, Url = PageUrl(source, page) };
            await using var feed = await OpenAsync(pageSource, null, null, options.Value.MaxBytes - bytes, cancellationToken).ConfigureAwait(false);
            var file = Path.Combine(folder, $"page-{page:D6}.json");
            bytes += await CopyAsync(feed.Content!, file, bytes, downloaded, cancellationToken).ConfigureAwait(false);
            parts.Add(file);
            var header = await PageHeader.ReadAsync(file, pageSource.Url!, cancellationToken).ConfigureAwait(false);
            if (header.PageNumber is { } number && number != page)
            {
                throw new FeedFetchException($"{pageSource.Url}: the server answered page {number} when asked for page {page} (does it page with ?page=N?)");
            }

            if (header.LastPage == true || header.Empty == true || header.Items == 0 || page >= header.TotalPages)
            {
                return SpooledFeed.Of(parts, bytes);
            }
        }
    }

    /// <summary>
    /// A data package at a URL: the descriptor and every resource it lists by a relative path are downloaded into
    /// the work folder, keeping their layout, so each file is fetched once per run and both passes read the same bytes.
    /// A zip file is a single download. Resources named by an absolute URL are left to the reader, which fetches them
    /// on each pass; paths outside the package are left for the reader to reject.
    /// </summary>
    private async Task<SpooledFeed> SpoolPackageAsync(SourceDefinition source, FetchedFeed feed, string folder, IProgress<long>? downloaded, CancellationToken cancellationToken)
    {
        var package = Path.Combine(folder, "package");
        System.IO.Directory.CreateDirectory(package);
        var descriptor = Path.Combine(package, "datapackage.json");
        var bytes = await CopyAsync(feed.Content!, descriptor, 0, downloaded, cancellationToken).ConfigureAwait(false);
        var baseUrl = new Uri(source.Url!);
        foreach (var path in await RelativeResourcePathsAsync(descriptor, cancellationToken).ConfigureAwait(false))
        {
            var target = Path.GetFullPath(Path.Combine(package, path));
            if (File.Exists(target))
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var resource = new SourceDefinition { Id = source.Id, Name = source.Name, Format = ImportFormat.Csv, Url = new Uri(baseUrl, path).AbsoluteUri };
            await using var opened = await OpenAsync(resource, null, null, options.Value.MaxBytes - bytes, cancellationToken).ConfigureAwait(false);
            bytes += await CopyAsync(opened.Content!, target, bytes, downloaded, cancellationToken).ConfigureAwait(false);
        }

        return SpooledFeed.Package(descriptor, bytes, source.ReadFrom(descriptor), feed.ETag, feed.LastModified);
    }

    /// <summary>The resource paths of a descriptor that lie inside the package; none for a zip file or what is not a descriptor.</summary>
    private static async Task<List<string>> RelativeResourcePathsAsync(string descriptor, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        await using var stream = File.OpenRead(descriptor);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // A zip file, or a broken descriptor: the reader reads it as it is (and says what is wrong).
            return paths;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array)
            {
                return paths;
            }

            foreach (var resource in resources.EnumerateArray())
            {
                if (resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } path
                    && !Uri.TryCreate(path, UriKind.Absolute, out _) && !Path.IsPathRooted(path) && !path.Replace('\\', '/').Split('/').Contains(".."))
                {
                    paths.Add(path);
                }
            }
        }

        return paths;
    }

    private static string PageUrl(SourceDefinition source, int page)
    {
        var url = source.Url!;
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var query = FormattableString.Invariant($"page={page}");
        if (source.PerPage is { } perPage)
        {
            query += FormattableString.Invariant($"&per_page={perPage}");
        }

        return url + separator + query;
    }

    private static async Task<long> CopyAsync(Stream content, string file, long before, IProgress<long>? downloaded, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBuffer, useAsync: true);
        var buffer = new byte[CopyBuffer];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            total += read;
            downloaded?.Report(before + total);
        }

        return total;
    }

    /// <summary>Opens the feed as a stream, read once as it arrives.</summary>
    public Task<FetchedFeed> OpenAsync(SourceDefinition source, string? etag, DateTimeOffset? lastModified, CancellationToken cancellationToken) =>
        OpenAsync(source, etag, lastModified, options.Value.MaxBytes, cancellationToken);

    private async Task<FetchedFeed> OpenAsync(SourceDefinition source, string? etag, DateTimeOffset? lastModified, long limit, CancellationToken cancellationToken)
    {
        if (source.Format == ImportFormat.HsdsDataPackage)
        {
            // The descriptor often stays the same while its resources change: always read the package.
            (etag, lastModified) = (null, null);
        }

        if (source.Path is { } path)
        {
            if (source.Format == ImportFormat.HsdsDataPackage && System.IO.Directory.Exists(path))
            {
                path = Path.Combine(path, "datapackage.json");
            }

            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new FeedFetchException($"{path}: no such file");
            }

            if (file.Length > limit)
            {
                throw new FeedFetchException($"{path}: {file.Length} bytes, over the limit of {limit}");
            }

            return FetchedFeed.Of(file.OpenRead(), null, null, null);
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, source.Url);
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (lastModified is not null)
        {
            request.Headers.IfModifiedSince = lastModified;
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException
            && !cancellationToken.IsCancellationRequested)
        {
            throw new FeedFetchException($"{source.Url}: {e.Message}", e);
        }

        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            response.Dispose();
            return FetchedFeed.Unchanged();
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new FeedFetchException($"{source.Url}: HTTP {status}");
        }

        if (response.Content.Headers.ContentLength > limit)
        {
            var length = response.Content.Headers.ContentLength;
            response.Dispose();
            throw new FeedFetchException($"{source.Url}: {length} bytes, over the limit of {limit}");
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return FetchedFeed.Of(new SizeLimitedStream(body, limit, source.Url!), response.Headers.ETag?.ToString(), response.Content.Headers.LastModified, response);
    }
}

/// <summary>Reads through to a stream and fails once more than a limit has been read (for bodies without a length).</summary>
internal sealed class SizeLimitedStream(Stream inner, long limit, string name) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        return _read > limit ? throw new FeedFetchException($"{name}: more than {limit} bytes, over the limit") : read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
