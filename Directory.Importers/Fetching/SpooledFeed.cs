using Directory.Importers.Sources;

namespace Directory.Importers.Fetching;

/// <summary>
/// A feed on local disk, ready to be read as many times as the run needs (once to check, once to store): the
/// source's own file, or the download (one file, or one per page of a paged source) in the run's work folder.
/// </summary>
public sealed class SpooledFeed
{
    private SpooledFeed(IReadOnlyList<string> parts, long bytes, string? etag, DateTimeOffset? lastModified, bool notModified, SourceDefinition? readAs = null)
    {
        ReadAs = readAs;
        Parts = parts;
        Bytes = bytes;
        ETag = etag;
        LastModified = lastModified;
        NotModified = notModified;
    }

    /// <summary>The files to read, in order (pages of a paged source each hold a paged list).</summary>
    public IReadOnlyList<string> Parts { get; }

    /// <summary>Bytes in all parts.</summary>
    public long Bytes { get; }

    /// <summary>Pages fetched (1 for a feed that is not paged).</summary>
    public int Pages => Parts.Count;

    public string? ETag { get; }

    public DateTimeOffset? LastModified { get; }

    /// <summary>
    /// The source as readers must see it when the download is more than the parts (a data package: its descriptor
    /// with the resources it lists next to it in the work folder); null: the source itself.
    /// </summary>
    public SourceDefinition? ReadAs { get; }

    /// <summary>The conditional GET said the feed has not changed: there is nothing to read.</summary>
    public bool NotModified { get; }

    internal static SpooledFeed Unchanged() => new([], 0, null, null, true);

    internal static SpooledFeed Of(IReadOnlyList<string> parts, long bytes, string? etag = null, DateTimeOffset? lastModified = null) =>
        new(parts, bytes, etag, lastModified, false);

    internal static SpooledFeed Package(string descriptor, long bytes, SourceDefinition readAs, string? etag, DateTimeOffset? lastModified) =>
        new([descriptor], bytes, etag, lastModified, false, readAs);
}
