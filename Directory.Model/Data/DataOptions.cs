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

    /// <summary>
    /// Bytes of the database file SQLite reads through a memory map (<c>PRAGMA mmap_size</c>) instead of copying each page
    /// it reads into its own cache; 0 turns it off. Default 256 MiB.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MemoryMapBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Folder holding the seed files; defaults to <c>seed</c> beside the binary.</summary>
    public string? SeedDirectory { get; set; }
}
