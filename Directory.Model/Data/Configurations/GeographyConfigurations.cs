using Directory.Model.Geography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Directory.Model.Data.Configurations;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.ConfigureRecord();
        builder.HasKey(r => r.IstatCode);
        builder.Property(r => r.IstatCode).HasMaxLength(2);
        builder.Property(r => r.Name).HasMaxLength(100).IsRequired();
    }
}

internal sealed class ProvinceConfiguration : IEntityTypeConfiguration<Province>
{
    public void Configure(EntityTypeBuilder<Province> builder)
    {
        builder.ConfigureRecord();
        builder.HasKey(p => p.IstatCode);
        builder.Property(p => p.IstatCode).HasMaxLength(3);
        builder.Property(p => p.Name).HasMaxLength(100).IsRequired();
        builder.Property(p => p.Abbreviation).HasMaxLength(2).IsRequired();
        builder.HasOne(p => p.Region).WithMany(r => r.Provinces).HasForeignKey(p => p.RegionIstatCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.Name);
    }
}

internal sealed class ComuneConfiguration : IEntityTypeConfiguration<Comune>
{
    public void Configure(EntityTypeBuilder<Comune> builder)
    {
        builder.ConfigureRecord();
        builder.HasKey(c => c.IstatCode);
        builder.Property(c => c.IstatCode).HasMaxLength(6);
        builder.Property(c => c.Name).HasMaxLength(100).IsRequired();
        builder.Property(c => c.SearchName).HasMaxLength(100).IsRequired();
        builder.Property(c => c.CadastralCode).HasMaxLength(4);
        builder.Property(c => c.CoordinateSource).HasMaxLength(200);
        builder.HasOne(c => c.Province).WithMany(p => p.Comuni).HasForeignKey(c => c.ProvinceIstatCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.SearchName);
        builder.HasIndex(c => c.CadastralCode);
        builder.HasIndex(c => c.ProvinceIstatCode);
    }
}
