using Directory.Model.Common;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Directory.Model.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ConfigureRecord();
        builder.Property(o => o.Name).HasMaxLength(300).IsRequired();
        builder.Property(o => o.Language).HasMaxLength(35).IsRequired();
        builder.HasIndex(o => o.Name);
        builder.HasIndex(o => o.UpdatedAt);
        builder.HasOne(o => o.Comune).WithMany().HasForeignKey(o => o.ComuneIstatCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.ParentOrganization).WithMany().HasForeignKey(o => o.ParentOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Locations).WithOne().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(o => o.Phones).WithOne().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    /// <summary>Partial index of the services a plain listing shows (used by name in the spatial search's SQL).</summary>
    public const string ListedIndex = "IX_Services_Listed";

    /// <summary>Its condition: not withdrawn, active or temporarily closed (<see cref="ServiceFilter.DefaultStatuses"/>).</summary>
    public const string ListedFilter = "\"WithdrawnAt\" IS NULL AND \"Status\" IN ('Active', 'TemporarilyClosed')";

    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.ConfigureRecord();
        builder.Property(s => s.Name).HasMaxLength(300).IsRequired();
        builder.Property(s => s.Language).HasMaxLength(35).IsRequired();
        builder.PrimitiveCollection(s => s.Languages).Metadata.SetJsonValueReaderWriterType(typeof(StringListJsonReaderWriter));
        builder.PrimitiveCollection(s => s.TargetGroups).ElementType(e => e.HasConversion<string>()).Metadata.SetJsonValueReaderWriterType(typeof(TargetGroupListJsonReaderWriter));
        builder.HasIndex(s => s.Name);
        builder.HasIndex(s => s.UpdatedAt);
        // No index on Status alone: three values, and with one SQLite chose to read every active service through it
        // and sort them by name for each page of a listing instead of walking the name index up to the page.
        // The services a plain listing shows, as a compact index the spatial search joins instead of reading service
        // rows (long texts put the status columns on overflow pages). Same conditions as ServiceFilter without criteria.
        builder.HasIndex(s => s.Id, ListedIndex).HasFilter(ListedFilter);
        builder.HasOne(s => s.Organization).WithMany(o => o.Services).HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Categories).WithOne().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Areas).WithOne().HasForeignKey(a => a.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.RequiredDocuments).WithOne().HasForeignKey(d => d.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Phones).WithOne().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceCategoryConfiguration : IEntityTypeConfiguration<ServiceCategory>
{
    public void Configure(EntityTypeBuilder<ServiceCategory> builder)
    {
        builder.HasKey(c => new { c.ServiceId, c.CategoryId });
        builder.HasIndex(c => c.CategoryId);
        builder.HasOne(c => c.Category).WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServiceAreaConfiguration : IEntityTypeConfiguration<ServiceArea>
{
    public void Configure(EntityTypeBuilder<ServiceArea> builder)
    {
        builder.HasKey(a => new { a.ServiceId, a.AreaCode });
        builder.Property(a => a.AreaCode).HasMaxLength(6);
        builder.HasIndex(a => a.AreaCode);
    }
}

internal sealed class RequiredDocumentConfiguration : IEntityTypeConfiguration<RequiredDocument>
{
    public void Configure(EntityTypeBuilder<RequiredDocument> builder)
    {
        builder.ConfigureRecord();
        builder.Property(d => d.Document).HasMaxLength(500).IsRequired();
    }
}

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    /// <summary>Covering index of the coordinates by location id (used by name in the spatial search's SQL).</summary>
    public const string PointIndex = "IX_Locations_Point";

    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.ConfigureRecord();
        builder.Property(l => l.Name).HasMaxLength(300).IsRequired();
        builder.Property(l => l.Language).HasMaxLength(35).IsRequired();
        builder.Property(l => l.ComuneIstatCode).HasMaxLength(6).IsRequired();
        builder.HasOne(l => l.Comune).WithMany().HasForeignKey(l => l.ComuneIstatCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.ComuneIstatCode);
        builder.HasIndex(l => l.Name);
        builder.HasIndex(l => l.UpdatedAt);
        // A location's coordinates by id without reading its row (the spatial search joins it by name).
        builder.HasIndex(l => new { l.Id, l.Latitude, l.Longitude }, PointIndex);
        builder.HasMany(l => l.Phones).WithOne().HasForeignKey(p => p.LocationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServiceAtLocationConfiguration : IEntityTypeConfiguration<ServiceAtLocation>
{
    /// <summary>Covering index of the services at a location (used by name in the spatial search's SQL).</summary>
    public const string LocationServiceIndex = "IX_ServiceAtLocations_Location_Service";

    public void Configure(EntityTypeBuilder<ServiceAtLocation> builder)
    {
        builder.ConfigureRecord();
        builder.HasOne(s => s.Service).WithMany(s => s.ServiceAtLocations).HasForeignKey(s => s.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Location).WithMany(l => l.ServiceAtLocations).HasForeignKey(s => s.LocationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.ServiceId, s.LocationId }).IsUnique();
        // The services at a location without reading link rows (the spatial search joins it by name).
        builder.HasIndex(s => new { s.LocationId, s.ServiceId }, LocationServiceIndex);
        builder.HasMany(s => s.Schedules).WithOne().HasForeignKey(s => s.ServiceAtLocationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.SpecialHours).WithOne().HasForeignKey(s => s.ServiceAtLocationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Phones).WithOne().HasForeignKey(p => p.ServiceAtLocationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> builder)
    {
        builder.ConfigureRecord();
        builder.Property(s => s.DayOfWeek).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class SpecialHoursConfiguration : IEntityTypeConfiguration<SpecialHours>
{
    public void Configure(EntityTypeBuilder<SpecialHours> builder)
    {
        builder.ConfigureRecord();
        builder.HasIndex(e => new { e.ServiceAtLocationId, e.Date });
    }
}

internal sealed class PhoneConfiguration : IEntityTypeConfiguration<Phone>
{
    public void Configure(EntityTypeBuilder<Phone> builder)
    {
        builder.ConfigureRecord();
        builder.Property(p => p.Number).HasMaxLength(40).IsRequired();
        builder.PrimitiveCollection(p => p.Languages).Metadata.SetJsonValueReaderWriterType(typeof(StringListJsonReaderWriter));
        builder.ToTable(t => t.HasCheckConstraint("CK_Phone_single_owner",
            "(CASE WHEN \"OrganizationId\" IS NULL THEN 0 ELSE 1 END + CASE WHEN \"ServiceId\" IS NULL THEN 0 ELSE 1 END"
            + " + CASE WHEN \"LocationId\" IS NULL THEN 0 ELSE 1 END + CASE WHEN \"ServiceAtLocationId\" IS NULL THEN 0 ELSE 1 END"
            + " + CASE WHEN \"AssociationId\" IS NULL THEN 0 ELSE 1 END + CASE WHEN \"CouncilId\" IS NULL THEN 0 ELSE 1 END) = 1"));
    }
}
