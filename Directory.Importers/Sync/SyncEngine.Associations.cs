using Directory.Model.Associations;
using Directory.Model.Common;
using Microsoft.EntityFrameworkCore;

namespace Directory.Importers.Sync;

/// <summary>
/// Associations, with the same semantics as the other record kinds; their headquarters are synced as locations first
/// (earlier in the same batch). Each id comes once per run (the preparer rejects duplicates), so a batch never meets
/// an association an earlier batch synced; withdrawal is part of <see cref="WithdrawMissingAsync"/>.
/// </summary>
public sealed partial class SyncEngine
{
    internal const string AssociationType = "Association";

    private async Task SyncAssociationsAsync(ImportedAssociation[] batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.ExternalId).ToList();
        var clean = await SyncedAsync(AssociationType, ids, cancellationToken).ConfigureAwait(false);
        var stored = await ProbeAsync(AssociationType, "Associations", ids, cancellationToken).ConfigureAwait(false);
        var changed = new List<(ImportedAssociation Record, byte[] Fingerprint)>();
        foreach (var record in batch.Where(r => !clean.Contains(r.ExternalId)))
        {
            var fingerprint = Fingerprints.Of(record);
            if (IsUnchanged(stored, record.ExternalId, fingerprint) is null)
            {
                changed.Add((record, fingerprint));
            }
        }

        if (changed.Count > 0)
        {
            var changedIds = changed.Select(c => c.Record.ExternalId).ToList();
            var existing = await db.Associations.AsTracking().AsSplitQuery().Include(a => a.Phones).Include(a => a.Areas)
                .Where(a => a.Source == _sourceId && changedIds.Contains(a.ExternalId!))
                .ToDictionaryAsync(a => a.ExternalId!, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            await RememberLocationsAsync(existing.Values.Select(a => a.HeadquartersLocationId).OfType<int>(), cancellationToken).ConfigureAwait(false);
            var state = await LoadStateAsync(AssociationType, existing.Values.Select(a => a.Id), cancellationToken).ConfigureAwait(false);
            var created = new List<(Association Entity, string ExternalId, byte[] Fingerprint)>();
            foreach (var (record, fingerprint) in changed)
            {
                if (!existing.TryGetValue(record.ExternalId, out var entity))
                {
                    entity = new Association { Source = _sourceId, ExternalId = record.ExternalId };
                    ApplyAll(AssociationChanges(entity, record));
                    db.Associations.Add(entity);
                    created.Add((entity, record.ExternalId, fingerprint));
                    continue;
                }

                Reconcile(AssociationType, entity.Id, record.ExternalId, entity, AssociationChanges(entity, record), state, fingerprint);
            }

            // Associations (their social links are stored as JSON of an owned type) go through the change tracker.
            await SaveAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (entity, externalId, fingerprint) in created)
            {
                RecordCreated(AssociationType, entity.Id, externalId, fingerprint);
            }
        }

        await MarkSyncedAsync(AssociationType, ids, cancellationToken).ConfigureAwait(false);
    }

    private List<Change> AssociationChanges(Association a, ImportedAssociation r)
    {
        var changes = new List<Change>();
        var headquarters = a.HeadquartersLocationId is { } hq ? _locationExternalIds.GetValueOrDefault(hq, $"#{hq}") : null;
        var isMultiCommunity = r.IsMultiCommunity ?? r.Communities.Count > 1;
        var areas = r.AreaCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Compare(changes, "name", a.Name, r.Name, () => a.Name = r.Name);
        Compare(changes, "description", a.Description, r.Description, () => a.Description = r.Description);
        if (r.Language is { } language)
        {
            Compare(changes, "language", a.Language, language, () => a.Language = language);
        }

        Compare(changes, "communities", List(a.Communities), List(r.Communities), () => a.Communities = [.. r.Communities]);
        Compare(changes, "isMultiCommunity", a.IsMultiCommunity ? "true" : "false", isMultiCommunity ? "true" : "false", () => a.IsMultiCommunity = isMultiCommunity);
        Compare(changes, "languages", List(a.Languages), List(r.Languages), () => a.Languages = [.. r.Languages]);
        Compare(changes, "activityKinds", List(a.ActivityKinds.Select(k => k.ToString())), List(r.ActivityKinds.Select(k => k.ToString())), () => a.ActivityKinds = [.. r.ActivityKinds]);
        Compare(changes, "headquarters", headquarters, r.Headquarters?.ExternalId, () => a.HeadquartersLocationId = r.Headquarters is { } h ? _locationIds[h.ExternalId] : null);
        Compare(changes, "foundedYear", Text(a.FoundedYear), Text(r.FoundedYear), () => a.FoundedYear = r.FoundedYear);
        Compare(changes, "membersCount", Text(a.MembersCount), Text(r.MembersCount), () => a.MembersCount = r.MembersCount);
        Compare(changes, "email", a.Email, r.Email, () => a.Email = r.Email);
        Compare(changes, "website", a.Website, r.Website, () => a.Website = r.Website);
        Compare(changes, "socialLinks", List(a.SocialLinks.Select(s => $"{s.Platform} {s.Url}")), List(r.SocialLinks.Select(s => $"{s.Platform} {s.Url}")), () =>
        {
            a.SocialLinks.Clear();
            a.SocialLinks.AddRange(r.SocialLinks.Select(s => new SocialLink { Platform = s.Platform, Url = s.Url }));
        });
        Compare(changes, "areas", List(a.Areas.Select(x => x.AreaCode).Order(StringComparer.Ordinal)), List(areas), () =>
        {
            foreach (var stale in a.Areas.Where(x => !areas.Contains(x.AreaCode)).ToList())
            {
                a.Areas.Remove(stale);
                db.Remove(stale);
            }

            a.Areas.AddRange(areas.Where(code => a.Areas.TrueForAll(x => x.AreaCode != code)).Select(code => new AssociationArea { AreaCode = code }));
        });
        Compare(changes, "phones", Phones(a.Phones), Phones(r.Phones), () => ReplacePhones(a.Phones, r.Phones, p => p.AssociationId = a.Id));
        return changes;
    }
}
