using Directory.Model.Taxonomy;
using Directory.Model.Translations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Directory.Model.Data.Configurations;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.ConfigureRecord();
        builder.Property(c => c.Code).HasMaxLength(100).IsRequired();
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.HasOne(c => c.Parent).WithMany(c => c.Children).HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TranslationConfiguration : IEntityTypeConfiguration<Translation>
{
    public void Configure(EntityTypeBuilder<Translation> builder)
    {
        builder.Property(t => t.EntityType).HasMaxLength(60).IsRequired();
        builder.Property(t => t.EntityKey).HasMaxLength(60).IsRequired();
        builder.Property(t => t.Field).HasMaxLength(60).IsRequired();
        builder.Property(t => t.Language).HasMaxLength(35).IsRequired();
        builder.Property(t => t.SourceLanguage).HasMaxLength(35).IsRequired();
        builder.Property(t => t.Source).HasMaxLength(100).IsRequired();
        builder.HasIndex(t => new { t.EntityType, t.EntityKey, t.Field, t.Language }).IsUnique();
        builder.HasIndex(t => t.Language);
    }
}
