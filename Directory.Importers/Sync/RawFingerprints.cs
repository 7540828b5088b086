using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Directory.Importers.Sync;

/// <summary>
/// Raw fingerprints of HSDS JSON rows (<see cref="Directory.Model.Importing.RecordProvenance.RawFingerprint"/>): the
/// hash of a row as read (see <see cref="Formats.HsdsRawReader.Hash"/>) combined with what else decides what the row
/// stores — how rows are mapped (<see cref="MappingVersion"/>) and hashed (<see cref="Formats.HsdsRawReader.HashVersion"/>),
/// how records are fingerprinted (<see cref="Fingerprints.Version"/>), the source's owning organization (it owns rows
/// without an organization and their locations), the comuni rows are matched against and the category codes they are
/// checked against. A change of any of them changes every raw fingerprint of the source: its next run maps every row,
/// and stores the new ones.
/// </summary>
/// <remarks>
/// The licence, name, schedule and URL of a source do not change what its rows store, so they are not part of it.
/// </remarks>
internal static class RawFingerprints
{
    /// <summary>Change it when <see cref="Formats.HsdsJsonReader"/> maps a row differently, or the checks of a row change.</summary>
    public const string MappingVersion = "1";

    /// <summary>What decides a row's stored result besides the row itself, hashed once per run.</summary>
    public static byte[] Settings(int? ownerOrganizationId, ComuneMatcher comuni, IEnumerable<string> categoryCodes) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n",
            $"hsds-json {MappingVersion}",
            $"rows {Formats.HsdsRawReader.HashVersion}",
            $"fingerprints {Fingerprints.Version}",
            $"owner {ownerOrganizationId}",
            $"comuni {comuni.Digest}",
            $"categories {string.Join(",", categoryCodes.Order(StringComparer.Ordinal))}")));

    /// <summary>The raw fingerprint of a row (16 bytes), from the run's <see cref="Settings"/> and the row's hash.</summary>
    public static byte[] Of(ReadOnlySpan<byte> settings, UInt128 rowHash)
    {
        Span<byte> bytes = stackalloc byte[settings.Length + 16];
        settings.CopyTo(bytes);
        BinaryPrimitives.WriteUInt128LittleEndian(bytes[settings.Length..], rowHash);
        return XxHash128.Hash(bytes);
    }
}
