using Microsoft.EntityFrameworkCore;
using Directory.Model.Common;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Directory.Model.Data;

/// <summary>Column rules shared by every <see cref="Record"/>.</summary>
internal static class RecordConfiguration
{
    public static void ConfigureRecord<T>(this EntityTypeBuilder<T> builder)
        where T : Record
    {
        builder.Property(r => r.Revision).IsConcurrencyToken();
        builder.Property(r => r.Source).HasMaxLength(100).IsRequired();
        builder.Property(r => r.ExternalId).HasMaxLength(200);
        builder.HasIndex(r => new { r.Source, r.ExternalId }).IsUnique().HasFilter("\"ExternalId\" IS NOT NULL");
    }
}
