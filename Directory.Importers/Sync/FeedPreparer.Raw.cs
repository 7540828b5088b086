using System.Text.Json;
using Directory.Importers.Formats;
using static Directory.Importers.Sync.SyncEngine;

namespace Directory.Importers.Sync;

/// <summary>
/// Rows of an HSDS JSON feed are checked from their raw JSON: a row whose raw fingerprint (see
/// <see cref="RawFingerprints"/>) is the one stored with its service, where the service and every organization and
/// location it points to are current and unchanged since (see <see cref="RunScratch.CopyRawSql"/>), is taken as
/// unchanged without being parsed into a document or mapped: the same row, with the same settings and reference data,
/// would be checked and stored the same way again. Any other row is parsed and checked as before.
/// </summary>
/// <remarks>
/// What a row taken raw skips, and why that holds:
/// <list type="bullet">
/// <item>Duplicates: its service id (known from the stored fingerprint) is still registered as the first row of that id;
/// a later row with the id is a duplicate, and a row taken raw that comes after another row of its id is checked mapped
/// (and rejected as a duplicate).</item>
/// <item>Comuni, categories, coordinates, organizations and locations: they were checked when the fingerprint was
/// stored, against the same reference data (part of the fingerprint).</item>
/// <item>"Described differently by two rows": rows taken raw describe their organization and locations as stored. A
/// mapped row that names one of them and describes it otherwise (or is rejected before saying how) would make the order
/// of the rows matter, so then (<see cref="RunScratch.RawConflictSql"/>) the run checks every row again, mapped, in order.</item>
/// <item>Counting and withdrawal: the service, its organization and its locations are marked clean (counted once each).</item>
/// </list>
/// </remarks>
public sealed partial class FeedPreparer
{
    /// <summary>Whether rows may be taken by their raw fingerprint (false on a first run, and when checking again after a conflict).</summary>
    public bool RawPath { get; init; }

    /// <summary>Raw fingerprints the run has to store (rows that passed and were mapped, whose fingerprint is not the standing one).</summary>
    public int RawToStore { get; private set; }

    /// <summary>Rows taken as unchanged by their raw fingerprint, without being mapped.</summary>
    public int RawUnchanged { get; private set; }

    /// <summary>Pass 1 for a row read raw: taken by its raw fingerprint, or parsed, mapped and checked as <see cref="Check"/> does.</summary>
    internal void CheckRaw(RawRow row, ReadOnlySpan<byte> settings)
    {
        var fingerprint = RawFingerprints.Of(settings, row.Hash);
        if (RawPath && scratch.TakeRawRow(fingerprint, row.Row))
        {
            Rows++;
            RawUnchanged++;
            Unchanged++;
            return;
        }

        var stored = NothingStored ? null : scratch.RawService(fingerprint);

        ImportItem item;
        using (var document = JsonDocument.Parse(row.Json))
        {
            item = HsdsJsonReader.Read(row.Row, document.RootElement);
        }

        var rejected = RejectedRows;
        Check(item);
        if (RejectedRows == rejected && item.Record is ImportedService service && !string.Equals(stored, service.ExternalId, StringComparison.Ordinal))
        {
            scratch.AddRawFingerprint(service.ExternalId, fingerprint);
            RawToStore++;
        }
    }

    /// <summary>
    /// Whether a mapped row may describe a record that rows taken raw name otherwise than stored: some rows were
    /// taken raw, and others mapped (see <see cref="RunScratch.RawConflictSql"/>).
    /// </summary>
    public bool MayConflict => RawUnchanged > 0 && RawUnchanged < Rows;

    /// <summary>Counts the organizations and locations that rows taken raw point to (see <see cref="RunScratch.MarkRawReferencesCleanSql"/>).</summary>
    public void CountUnchanged(int records) => Unchanged += records;

    /// <summary>
    /// Remembers, for a mapped row when rows may be taken raw, whether it describes its organization and locations as
    /// stored: a record a row taken raw names must not be described otherwise by a mapped one.
    /// </summary>
    private void AddMappedReferences(ImportedService service, (bool First, byte[] Canonical) checkedOrganization, (bool First, byte[] Canonical)[] checkedLocations)
    {
        if (!RawPath)
        {
            return;
        }

        int? organizationId = ownerOrganizationId;
        var organizationSame = true;
        if (service.Organization is { } organization)
        {
            var stored = scratch.Stored(OrganizationType, organization.ExternalId);
            organizationId = stored?.Key;
            organizationSame = stored is { } s && Fingerprints.Equal(s.Fingerprint, Fingerprints.Organization(checkedOrganization.Canonical));
            if (stored is not null)
            {
                scratch.AddMappedReference(OrganizationType, organization.ExternalId, organizationSame);
            }
        }

        for (var i = 0; i < checkedLocations.Length; i++)
        {
            var location = service.Locations[i].Location;
            if (scratch.Stored(LocationType, location.ExternalId) is not { } stored)
            {
                continue;
            }

            var same = organizationSame && comuni.Match(location.Comune).Comune is { } comune
                && Fingerprints.Equal(stored.Fingerprint, Fingerprints.Location(checkedLocations[i].Canonical, comune, organizationId));
            scratch.AddMappedReference(LocationType, location.ExternalId, same);
        }
    }
}
