using Directory.Model.Importing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Directory.Model.Data.Configurations;

internal sealed class ImportSourceConfiguration : IEntityTypeConfiguration<ImportSource>
{
    public void Configure(EntityTypeBuilder<ImportSource> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(100);
        builder.Property(s => s.Name).HasMaxLength(300).IsRequired();
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.Path).HasMaxLength(1000);
        builder.Property(s => s.MappingPath).HasMaxLength(1000);
        builder.Property(s => s.Licence).HasMaxLength(200);
        builder.Property(s => s.Schedule).HasMaxLength(40);
        builder.Property(s => s.ETag).HasMaxLength(300);
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(s => s.OwnerOrganizationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(s => s.Runs).WithOne(r => r.Source).HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.Property(r => r.SourceId).HasMaxLength(100).IsRequired();
        builder.Property(r => r.Message).HasMaxLength(4000);
        builder.HasIndex(r => new { r.SourceId, r.StartedAt });
        builder.HasIndex(r => r.StartedAt);
        builder.HasMany(r => r.Errors).WithOne().HasForeignKey(e => e.ImportRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ImportRunErrorConfiguration : IEntityTypeConfiguration<ImportRunError>
{
    public void Configure(EntityTypeBuilder<ImportRunError> builder)
    {
        builder.Property(e => e.ExternalId).HasMaxLength(200);
        builder.Property(e => e.Field).HasMaxLength(200);
        builder.Property(e => e.Message).HasMaxLength(2000).IsRequired();
        builder.HasIndex(e => new { e.ImportRunId, e.Row });
    }
}

internal sealed class ChangeLogEntryConfiguration : IEntityTypeConfiguration<ChangeLogEntry>
{
    public void Configure(EntityTypeBuilder<ChangeLogEntry> builder)
    {
        builder.ToTable("ChangeLog");
        builder.Property(c => c.EntityType).HasMaxLength(60).IsRequired();
        builder.Property(c => c.EntityKey).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Field).HasMaxLength(100).IsRequired();
        builder.Property(c => c.ChangedBy).HasMaxLength(200).IsRequired();
        builder.HasIndex(c => new { c.EntityType, c.EntityKey, c.ChangedAt });
        builder.HasIndex(c => c.ImportRunId);
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(c => c.ImportRunId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class FieldProvenanceConfiguration : IEntityTypeConfiguration<FieldProvenance>
{
    public void Configure(EntityTypeBuilder<FieldProvenance> builder)
    {
        builder.HasKey(p => new { p.EntityType, p.EntityKey, p.Field });
        builder.Property(p => p.EntityType).HasMaxLength(60);
        builder.Property(p => p.EntityKey).HasMaxLength(100);
        builder.Property(p => p.Field).HasMaxLength(100);
        builder.Property(p => p.SetBy).HasMaxLength(200).IsRequired();
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(p => p.ImportRunId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RecordProvenanceConfiguration : IEntityTypeConfiguration<RecordProvenance>
{
    public void Configure(EntityTypeBuilder<RecordProvenance> builder)
    {
        builder.HasKey(p => new { p.EntityType, p.EntityKey });
        builder.Property(p => p.EntityType).HasMaxLength(60);
        builder.Property(p => p.EntityKey).HasMaxLength(100);
        builder.Property(p => p.SourceId).HasMaxLength(100).IsRequired();
        builder.Property(p => p.ExternalId).HasMaxLength(200).IsRequired();
        builder.HasIndex(p => new { p.SourceId, p.ExternalId });
    }
}

internal sealed class ImportLeaseConfiguration : IEntityTypeConfiguration<ImportLease>
{
    public void Configure(EntityTypeBuilder<ImportLease> builder)
    {
        // No foreign key to ImportSources: a lease is taken before the pipeline registers a new source.
        builder.HasKey(l => l.SourceId);
        builder.Property(l => l.SourceId).HasMaxLength(100);
        builder.Property(l => l.Holder).HasMaxLength(200).IsRequired();
    }
}
