using System.ComponentModel.DataAnnotations;

namespace Directory.Model.Data;

/// <summary>Where the data lives and what is seeded. Configuration section <c>Directory:Data</c>.</summary>
public sealed class DataOptions
{
    public const string Section = "Directory:Data";

    /// <summary>
    /// Folder for the database file and anything else the app writes, relative to the content root unless absolute.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Database file name inside <see cref="DataDirectory"/>.</summary>
    [Required]
    public string DatabaseFile { get; set; } = "directory.db";

    /// <summary>A full SQLite connection string; when set it wins over the folder and file name.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Load the demonstration data (records marked with source <c>demo</c>).</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>SQLite's own ceiling for <c>PRAGMA mmap_size</c> (<c>SQLITE_MAX_MMAP_SIZE</c>): larger values are cut to it.</summary>
    public const long MaxMemoryMapBytes = 0x7fff0000;

    /// <summary>
    /// Bytes of the database file SQLite reads through a memory map (<c>PRAGMA mmap_size</c>) instead of copying each page
    /// it reads into its own cache; 0 turns it off. Default <see cref="MaxMemoryMapBytes"/> (about 2 GiB): address space,
    /// not memory (the pages are the operating system's file cache). Near-me at 1M services: 6.0-7.0 ms of CPU per request
    /// with 256 MiB mapped (of a 3.3 GB file), 4.5-5.0 with 2 GiB.
    /// </summary>
    [Range(0, MaxMemoryMapBytes)]
    public long MemoryMapBytes { get; set; } = MaxMemoryMapBytes;

    /// <summary>
    /// MiB of database pages each SQLite connection keeps in its own cache (<c>PRAGMA cache_size</c>); 0 leaves SQLite's
    /// default (2 MiB). Matters for files larger than the memory map (<see cref="MemoryMapBytes"/>, at most about 2 GiB),
    /// whose pages beyond it are read with a system call each: near-me at 1M services (a 3.3 GB file whose spatial index
    /// lies beyond the map) read 73 pages per request that way with 2 MiB, 26 with 64 MiB. Filled only as pages are read:
    /// a database inside the memory map uses little of it.
    /// </summary>
    [Range(0, 4096)]
    public int PageCacheMiB { get; set; } = 64;

    /// <summary>
    /// Whether the API's hot reads (pages and batches of records by id) use statements kept prepared on each SQLite
    /// connection and rows read straight into entities (<see cref="Data.NativeReads"/>) instead of EF Core queries; the
    /// answers are the same. On by default; off is for comparing the two.
    /// </summary>
    public bool NativeReads { get; set; } = true;

    /// <summary>Folder holding the seed files; defaults to <c>seed</c> beside the binary.</summary>
    public string? SeedDirectory { get; set; }
}
