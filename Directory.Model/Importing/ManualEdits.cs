using Directory.Model.Data;

namespace Directory.Model.Importing;

/// <summary>
/// Records a person's edit of one field: a change-log entry and the field's provenance, so later imports leave
/// the field alone. Callers save the context.
/// </summary>
public static class ManualEdits
{
    public static void Record(DirectoryDbContext db, string entityType, int entityId, string field, string? oldValue, string? newValue, string person, DateTime at)
    {
        var key = entityId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        db.ChangeLog.Add(new ChangeLogEntry
        {
            EntityType = entityType,
            EntityKey = key,
            Field = field,
            OldValue = oldValue,
            NewValue = newValue,
            ChangedBy = person,
            ChangedByKind = ChangeAuthorKind.Person,
            ChangedAt = at,
        });
        var provenance = db.FieldProvenance.Local.FirstOrDefault(p => p.EntityType == entityType && p.EntityKey == key && p.Field == field)
            ?? db.FieldProvenance.Find(entityType, key, field);
        if (provenance is null)
        {
            db.FieldProvenance.Add(new FieldProvenance { EntityType = entityType, EntityKey = key, Field = field, SetBy = person, SetByKind = ChangeAuthorKind.Person, SetAt = at });
        }
        else
        {
            provenance.SetBy = person;
            provenance.SetByKind = ChangeAuthorKind.Person;
            provenance.ImportRunId = null;
            provenance.SetAt = at;
        }
    }
}
