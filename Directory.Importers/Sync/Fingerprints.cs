using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Directory.Importers.Sync;

/// <summary>
/// Content fingerprints of imported records: SHA-256 of a canonical serialization of the record as the feed gave it,
/// with what else decides the stored values (the organization and locations it points to, by id; the comune
/// matched). Two runs that compute the same fingerprint for a record would store the same values, so a record
/// whose stored fingerprint is equal (and which is neither withdrawn nor has fields a person set) is unchanged
/// without being loaded. Records a record only points to are fingerprinted on their own: a service whose location
/// changed keeps its fingerprint, and the location is updated by its own.
/// </summary>
/// <remarks>
/// The serialization is every property of the record, by name, enums by name, in declaration order, so a field
/// added to a record changes every fingerprint (the next run compares each record once and stores the new one).
/// Change <see cref="Version"/> when the way a record is stored changes without the record changing.
/// </remarks>
internal static class Fingerprints
{
    /// <summary>Part of every fingerprint: bumping it makes the next run compare every record once.</summary>
    internal const string Version = "1";

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly ComuneReference NoComune = new(null, null, null, null);

    /// <summary>An organization, on its own.</summary>
    public static byte[] Of(ImportedOrganization record) => Organization(Canonical(record));

    /// <summary>An organization from its <see cref="Canonical{T}"/> serialization.</summary>
    public static byte[] Organization(ReadOnlySpan<byte> canonical) => Hash(SyncEngine.OrganizationType, "", canonical);

    /// <summary>A location, with the comune it matched and the organization it is stored under (null: the source's owner).</summary>
    public static byte[] Of(ImportedLocation record, MatchedComune comune, int? organizationId) => Location(Canonical(record), comune, organizationId);

    /// <summary>A location from its <see cref="Canonical{T}"/> serialization.</summary>
    public static byte[] Location(ReadOnlySpan<byte> canonical, MatchedComune comune, int? organizationId) =>
        Hash(SyncEngine.LocationType, string.Create(CultureInfo.InvariantCulture, $"{comune.IstatCode} {comune.Latitude:R} {comune.Longitude:R} {organizationId}"), canonical);

    /// <summary>
    /// The canonical serialization of a record on its own (every property, enums by name), as its fingerprint embeds it:
    /// computed once, it serves both the fingerprint and the check that rows sharing a record describe it alike.
    /// </summary>
    public static byte[] Canonical<T>(T record)
        where T : ImportRecord => JsonSerializer.SerializeToUtf8Bytes(record, Json);

    /// <summary>A service with the ids (not the contents) of its organization and locations.</summary>
    public static byte[] Of(ImportedService record, int organizationId) =>
        Hash(SyncEngine.ServiceType, organizationId.ToString(CultureInfo.InvariantCulture), record with
        {
            Organization = record.Organization is { } o ? new ImportedOrganization(o.ExternalId, "") : null,
            Locations = [.. record.Locations.Select(l => l with { Location = Reference(l.Location) })],
        });

    /// <summary>An association with the id (not the contents) of its headquarters.</summary>
    public static byte[] Of(ImportedAssociation record) =>
        Hash(SyncEngine.AssociationType, "", record with { Headquarters = record.Headquarters is { } h ? Reference(h) : null });

    /// <summary>Whether a stored fingerprint is this one.</summary>
    public static bool Equal(byte[]? stored, byte[] fingerprint) => stored is not null && stored.AsSpan().SequenceEqual(fingerprint);

    private static ImportedLocation Reference(ImportedLocation location) => new(location.ExternalId, "", NoComune);

    /// <summary>The same bytes as <see cref="Hash{T}"/>, with the record already serialized.</summary>
    private static byte[] Hash(string type, string context, ReadOnlySpan<byte> canonical)
    {
        var buffer = new ArrayBufferWriter<byte>(canonical.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(Version);
            writer.WriteStringValue(type);
            writer.WriteStringValue(context);
            writer.WriteRawValue(canonical, skipInputValidation: true);
            writer.WriteEndArray();
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }

    private static byte[] Hash<T>(string type, string context, T record)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(Version);
            writer.WriteStringValue(type);
            writer.WriteStringValue(context);
            JsonSerializer.Serialize(writer, record, Json);
            writer.WriteEndArray();
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }
}
