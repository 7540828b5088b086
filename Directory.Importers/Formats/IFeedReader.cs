using Directory.Importers.Sources;
using Directory.Importers.Sync;
using Directory.Model.Importing;

namespace Directory.Importers.Formats;

/// <summary>Reads one feed format as a stream of neutral records, one item per row or record, never the whole feed at once.</summary>
public interface IFeedReader
{
    ImportFormat Format { get; }

    /// <summary>
    /// Yields an item per row: a record, or the reasons the row is invalid. Throws when the feed as a whole cannot
    /// be read (truncated, wrong encoding, bad mapping): then the run fails before writing anything.
    /// </summary>
    IAsyncEnumerable<ImportItem> ReadAsync(Stream content, SourceDefinition source, CancellationToken cancellationToken);
}
