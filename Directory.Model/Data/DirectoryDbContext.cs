using Directory.Model.Associations;
using Directory.Model.Common;
using Directory.Model.Councils;
using Directory.Model.Geography;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Procedures;
using Directory.Model.Services;
using Directory.Model.Taxonomy;
using Directory.Model.Translations;
using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Data;

/// <summary>Reads stored timestamps back as UTC.</summary>
internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

/// <summary>The Directory's database: one context for every feature.</summary>
public sealed class DirectoryDbContext(DbContextOptions<DirectoryDbContext> options) : DbContext(options)
{
    private readonly bool _nativeReadsRequested = Data.NativeReads.Requested(options);
    private bool? _nativeReads;

    /// <summary>Whether the hot reads of this context go through <see cref="Data.NativeReads"/> (SQLite, option on).</summary>
    public bool NativeReads => _nativeReads ??= _nativeReadsRequested && Database.IsSqlite();

    /// <summary>The interceptors of this context's options that hand-written statements involve (the same for every use of a pooled context).</summary>
    internal Interceptors Interceptors => _interceptors ??= Interceptors.Of(this);

    private Interceptors? _interceptors;

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Province> Provinces => Set<Province>();
    public DbSet<Comune> Comuni => Set<Comune>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<ServiceCategory> ServiceCategories => Set<ServiceCategory>();
    public DbSet<ServiceArea> ServiceAreas => Set<ServiceArea>();
    public DbSet<RequiredDocument> RequiredDocuments => Set<RequiredDocument>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<ServiceAtLocation> ServiceAtLocations => Set<ServiceAtLocation>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<SpecialHours> SpecialHours => Set<SpecialHours>();
    public DbSet<Phone> Phones => Set<Phone>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<ProcedureStep> ProcedureSteps => Set<ProcedureStep>();
    public DbSet<ProcedureDocument> ProcedureDocuments => Set<ProcedureDocument>();
    public DbSet<ProcedureCost> ProcedureCosts => Set<ProcedureCost>();
    public DbSet<LegalReference> LegalReferences => Set<LegalReference>();
    public DbSet<ProcedureService> ProcedureServices => Set<ProcedureService>();
    public DbSet<ProcedureRelation> ProcedureRelations => Set<ProcedureRelation>();
    public DbSet<Association> Associations => Set<Association>();
    public DbSet<AssociationArea> AssociationAreas => Set<AssociationArea>();
    public DbSet<RepresentativeCouncil> Councils => Set<RepresentativeCouncil>();
    public DbSet<CouncilMember> CouncilMembers => Set<CouncilMember>();
    public DbSet<CouncilEvent> CouncilEvents => Set<CouncilEvent>();
    public DbSet<Translation> Translations => Set<Translation>();
    public DbSet<Seeding.SeedHistory> SeedHistory => Set<Seeding.SeedHistory>();
    public DbSet<Importing.ImportSource> ImportSources => Set<Importing.ImportSource>();
    public DbSet<Importing.ImportRun> ImportRuns => Set<Importing.ImportRun>();
    public DbSet<Importing.ImportRunError> ImportRunErrors => Set<Importing.ImportRunError>();
    public DbSet<Importing.ChangeLogEntry> ChangeLog => Set<Importing.ChangeLogEntry>();
    public DbSet<Importing.FieldProvenance> FieldProvenance => Set<Importing.FieldProvenance>();
    public DbSet<Importing.RecordProvenance> RecordProvenance => Set<Importing.RecordProvenance>();
    public DbSet<Importing.ImportLease> ImportLeases => Set<Importing.ImportLease>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DirectoryDbContext).Assembly);
        modelBuilder.HasDbFunction(typeof(Geo.GeoSql).GetMethod(nameof(Geo.GeoSql.DistanceKm))!).HasName(Geo.GeoSql.DistanceFunction);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: the database file is open data and must read well without the code.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        // Every timestamp is stored in UTC; say so when reading it back, so it serializes with its offset.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
