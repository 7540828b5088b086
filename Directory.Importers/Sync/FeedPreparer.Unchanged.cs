using static Directory.Importers.Sync.SyncEngine;

namespace Directory.Importers.Sync;

/// <summary>
/// The checking pass also tells unchanged records from the others, so that an unchanged feed is read once: each
/// record of a row that passed is fingerprinted (see <see cref="Fingerprints"/>) and compared with what the source
/// stored (looked up in the Directory's database, <see cref="RunScratch.Stored"/>). A record whose
/// fingerprint is the stored one, which is not withdrawn and has no field a person set, is unchanged: counted here
/// and marked clean, so the storing pass and withdrawal treat it as synced. A row naming any other record (new,
/// changed, withdrawn, protected, or shared with a row that was rejected first) is marked dirty; the storing pass
/// reads only dirty rows, and none at all when every row is clean.
/// </summary>
/// <remarks>
/// A record shared by rows (an organization, a location) is decided at the first row that describes it, as the
/// storing pass stores the first description: when that row is rejected the record is never clean, and the rows that
/// name it later are dirty (the storing pass then decides, as it always did).
/// </remarks>
public sealed partial class FeedPreparer
{
    /// <summary>Records the checking pass found unchanged (they are not read again).</summary>
    public int Unchanged { get; private set; }

    /// <summary>Rows that passed the check and name a record that is not unchanged: the rows the storing pass reads.</summary>
    public int DirtyRows { get; private set; }

    /// <summary>Whether the source has stored nothing yet (its first run): every row is new, nothing is looked up.</summary>
    public bool NothingStored { get; init; }

    private void ClassifyService(int row, ImportedService service, (bool First, byte[] Canonical) checkedOrganization, (bool First, byte[] Canonical)[] checkedLocations)
    {
        if (NothingStored)
        {
            Classify(row, false);
            return;
        }

        var clean = true;
        int? organizationId = ownerOrganizationId;
        var organizationKnown = true;
        if (service.Organization is { } organization)
        {
            var (key, organizationClean) = Organization(organization, checkedOrganization);
            (organizationId, organizationKnown) = (key, key is not null);
            clean &= organizationClean;
        }

        for (var i = 0; i < checkedLocations.Length; i++)
        {
            clean &= Location(service.Locations[i].Location, checkedLocations[i], organizationId, organizationKnown);
        }

        clean &= organizationKnown && Record(ServiceType, service.ExternalId, () => Fingerprints.Of(service, organizationId!.Value));
        Classify(row, clean);
    }

    /// <summary>An organization's stored key (null: the source stored none) and whether it is unchanged.</summary>
    private (int? Key, bool Clean) Organization(ImportedOrganization organization, (bool First, byte[] Canonical) checkedOrganization)
    {
        if (NothingStored || scratch.Stored(OrganizationType, organization.ExternalId) is not { } stored)
        {
            return (null, false);
        }

        var clean = checkedOrganization.First
            ? Compare(OrganizationType, organization.ExternalId, stored, stored.Current ? Fingerprints.Organization(checkedOrganization.Canonical) : null)
            : scratch.IsClean(OrganizationType, organization.ExternalId);
        return (stored.Key, clean);
    }

    /// <summary>
    /// Whether a location is unchanged, stored under <paramref name="organizationId"/> (null: the source's owner, when
    /// <paramref name="organizationKnown"/>; otherwise its organization is new, and so is what the location would store).
    /// </summary>
    private bool Location(ImportedLocation location, (bool First, byte[] Canonical) checkedLocation, int? organizationId, bool organizationKnown)
    {
        if (NothingStored)
        {
            return false;
        }

        if (!checkedLocation.First)
        {
            return scratch.IsClean(LocationType, location.ExternalId);
        }

        return organizationKnown && Record(LocationType, location.ExternalId, () => Fingerprints.Location(checkedLocation.Canonical, comuni.Match(location.Comune).Comune!, organizationId));
    }

    private bool Association(ImportedAssociation association) => Record(AssociationType, association.ExternalId, () => Fingerprints.Of(association));

    /// <summary>Compares a record seen for the first time with the stored one (computing its fingerprint only when there is one).</summary>
    private bool Record(string type, string externalId, Func<byte[]> fingerprint) =>
        !NothingStored && scratch.Stored(type, externalId) is { } stored && Compare(type, externalId, stored, stored.Current && stored.Fingerprint is not null ? fingerprint() : null);

    private bool Compare(string type, string externalId, RunScratch.StoredRecord stored, byte[]? fingerprint)
    {
        if (fingerprint is null || !stored.Current || !Fingerprints.Equal(stored.Fingerprint, fingerprint))
        {
            return false;
        }

        scratch.MarkClean(type, externalId);
        Unchanged++;
        return true;
    }

    private void Classify(int row, bool clean)
    {
        if (!clean && NothingStored)
        {
            // Every valid row is dirty: the storing pass does not look rows up, so they are not marked.
            DirtyRows++;
            return;
        }

        if (!clean)
        {
            DirtyRows++;
            scratch.MarkDirty(row);
        }
    }
}
