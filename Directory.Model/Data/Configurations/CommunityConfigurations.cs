using Directory.Model.Associations;
using Directory.Model.Councils;
using Directory.Model.Geography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Directory.Model.Data.Configurations;

internal sealed class AssociationConfiguration : IEntityTypeConfiguration<Association>
{
    public void Configure(EntityTypeBuilder<Association> builder)
    {
        builder.ConfigureRecord();
        builder.Property(a => a.Name).HasMaxLength(300).IsRequired();
        builder.Property(a => a.Language).HasMaxLength(35).IsRequired();
        builder.PrimitiveCollection(a => a.Communities).Metadata.SetJsonValueReaderWriterType(typeof(StringListJsonReaderWriter));
        builder.PrimitiveCollection(a => a.Languages).Metadata.SetJsonValueReaderWriterType(typeof(StringListJsonReaderWriter));
        builder.PrimitiveCollection(a => a.ActivityKinds).ElementType(e => e.HasConversion<string>()).Metadata.SetJsonValueReaderWriterType(typeof(ActivityKindListJsonReaderWriter));
        builder.OwnsMany(a => a.SocialLinks, b => b.ToJson());
        builder.HasIndex(a => a.Name);
        builder.HasIndex(a => a.UpdatedAt);
        builder.HasOne(a => a.Headquarters).WithMany().HasForeignKey(a => a.HeadquartersLocationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(a => a.Areas).WithOne().HasForeignKey(a => a.AssociationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Phones).WithOne().HasForeignKey(p => p.AssociationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssociationAreaConfiguration : IEntityTypeConfiguration<AssociationArea>
{
    public void Configure(EntityTypeBuilder<AssociationArea> builder)
    {
        builder.HasKey(a => new { a.AssociationId, a.AreaCode });
        builder.Property(a => a.AreaCode).HasMaxLength(6);
        builder.HasIndex(a => a.AreaCode);
    }
}

internal sealed class RepresentativeCouncilConfiguration : IEntityTypeConfiguration<RepresentativeCouncil>
{
    public void Configure(EntityTypeBuilder<RepresentativeCouncil> builder)
    {
        builder.ConfigureRecord();
        builder.Property(c => c.Name).HasMaxLength(300).IsRequired();
        builder.Property(c => c.Language).HasMaxLength(35).IsRequired();
        builder.HasIndex(c => c.Name);
        builder.HasIndex(c => c.UpdatedAt);
        builder.HasOne<Comune>().WithMany().HasForeignKey(c => c.ComuneIstatCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Province>().WithMany().HasForeignKey(c => c.ProvinceIstatCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Location).WithMany().HasForeignKey(c => c.LocationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.CouncilId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CouncilId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Phones).WithOne().HasForeignKey(p => p.CouncilId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CouncilMemberConfiguration : IEntityTypeConfiguration<CouncilMember>
{
    public void Configure(EntityTypeBuilder<CouncilMember> builder)
    {
        builder.ConfigureRecord();
        builder.Property(m => m.Name).HasMaxLength(200).IsRequired();
        builder.Property(m => m.Nationality).HasMaxLength(2);
    }
}

internal sealed class CouncilEventConfiguration : IEntityTypeConfiguration<CouncilEvent>
{
    public void Configure(EntityTypeBuilder<CouncilEvent> builder)
    {
        builder.ConfigureRecord();
        builder.Property(e => e.Title).HasMaxLength(300).IsRequired();
        builder.HasIndex(e => new { e.CouncilId, e.Date });
    }
}
