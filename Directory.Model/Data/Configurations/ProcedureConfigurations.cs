using Directory.Model.Procedures;
using Directory.Model.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Directory.Model.Data.Configurations;

internal sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> builder)
    {
        builder.ConfigureRecord();
        builder.Property(p => p.Slug).HasMaxLength(120).IsRequired();
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.Property(p => p.Title).HasMaxLength(300).IsRequired();
        builder.Property(p => p.Language).HasMaxLength(35).IsRequired();
        builder.PrimitiveCollection(p => p.TargetGroups).ElementType(e => e.HasConversion<string>()).Metadata.SetJsonValueReaderWriterType(typeof(TargetGroupListJsonReaderWriter));
        builder.HasIndex(p => p.Title);
        builder.HasIndex(p => p.UpdatedAt);
        builder.HasMany(p => p.Steps).WithOne().HasForeignKey(s => s.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Documents).WithOne().HasForeignKey(d => d.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Costs).WithOne().HasForeignKey(c => c.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.LegalReferences).WithOne().HasForeignKey(r => r.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Services).WithOne().HasForeignKey(s => s.ProcedureId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Related).WithOne().HasForeignKey(r => r.ProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProcedureStepConfiguration : IEntityTypeConfiguration<ProcedureStep>
{
    public void Configure(EntityTypeBuilder<ProcedureStep> builder)
    {
        builder.ConfigureRecord();
        builder.Property(s => s.Title).HasMaxLength(300).IsRequired();
        builder.HasIndex(s => new { s.ProcedureId, s.Position });
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(s => s.OfficeOrganizationId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ProcedureDocumentConfiguration : IEntityTypeConfiguration<ProcedureDocument>
{
    public void Configure(EntityTypeBuilder<ProcedureDocument> builder)
    {
        builder.ConfigureRecord();
        builder.Property(d => d.Name).HasMaxLength(300).IsRequired();
    }
}

internal sealed class ProcedureCostConfiguration : IEntityTypeConfiguration<ProcedureCost>
{
    public void Configure(EntityTypeBuilder<ProcedureCost> builder)
    {
        builder.ConfigureRecord();
        builder.Property(c => c.Description).HasMaxLength(300).IsRequired();
        builder.Property(c => c.AmountEur).HasPrecision(10, 2);
    }
}

internal sealed class LegalReferenceConfiguration : IEntityTypeConfiguration<LegalReference>
{
    public void Configure(EntityTypeBuilder<LegalReference> builder)
    {
        builder.ConfigureRecord();
        builder.Property(r => r.Title).HasMaxLength(500).IsRequired();
    }
}

internal sealed class ProcedureServiceConfiguration : IEntityTypeConfiguration<ProcedureService>
{
    public void Configure(EntityTypeBuilder<ProcedureService> builder)
    {
        builder.HasKey(p => new { p.ProcedureId, p.ServiceId });
        builder.HasOne<Service>().WithMany().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.ServiceId);
    }
}

internal sealed class ProcedureRelationConfiguration : IEntityTypeConfiguration<ProcedureRelation>
{
    public void Configure(EntityTypeBuilder<ProcedureRelation> builder)
    {
        builder.HasKey(p => new { p.ProcedureId, p.RelatedProcedureId });
        builder.HasOne<Procedure>().WithMany().HasForeignKey(p => p.RelatedProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}
