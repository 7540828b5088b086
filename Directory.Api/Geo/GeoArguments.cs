using System.Globalization;
using Directory.Api.Geography;
using Directory.Api.GraphQL.Errors;
using Directory.Model.Data;
using Directory.Model.Geo;
using Directory.Model.Services;
using GraphQL;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Geo;

/// <summary>Reads and checks the <c>near</c> and <c>within</c> arguments; every mistake is a BAD_USER_INPUT naming the field.</summary>
public static class GeoArguments
{
    /// <summary>Largest radius a near-me search may ask for.</summary>
    public const double MaxRadiusKm = 200;

    /// <summary>Radius when <c>near</c> gives none.</summary>
    public const double DefaultRadiusKm = 10;

    /// <summary>The criteria of the field's <c>near</c> and <c>within</c> arguments; null when it has neither.</summary>
    public static async Task<GeoCriteria?> ReadAsync(IResolveFieldContext context, DirectoryDbContext db)
    {
        ArgumentNullException.ThrowIfNull(context);
        var near = context.GetArgument<Dictionary<string, object?>?>("near");
        var within = context.GetArgument<Dictionary<string, object?>?>("within");
        if (near is null && within is null)
        {
            return null;
        }

        double? latitude = null, longitude = null;
        var radius = 0d;
        if (near is not null)
        {
            (latitude, longitude, radius) = await NearAsync(near, db, context.CancellationToken).ConfigureAwait(false);
        }

        GeoBox? box = null;
        NetTopologySuite.Geometries.Polygon? polygon = null;
        if (within is not null)
        {
            var boxValues = Get(within, "boundingBox") as IDictionary<string, object?>;
            var polygonValues = Get(within, "polygon") as IDictionary<string, object?>;
            if ((boxValues is null) == (polygonValues is null))
            {
                throw DirectoryError.BadInput("within", "'within' needs exactly one of 'boundingBox' and 'polygon'.");
            }

            box = boxValues is null ? null : Box(boxValues);
            polygon = polygonValues is null ? null : Polygon(polygonValues);
        }

        return new GeoCriteria(latitude, longitude, radius, box, polygon);
    }

    /// <summary>A comune to match service areas against, with its province and region; an unknown code is an error.</summary>
    public static async Task<ServedComune?> ServedComuneAsync(DirectoryDbContext db, string? value, string argument, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var code = await GeographyArguments.ComuneAsync(db, value, argument, ct).ConfigureAwait(false);
        if (code is null)
        {
            return null;
        }

        return await db.Comuni.Where(c => c.IstatCode == code)
            .Select(c => new ServedComune(c.IstatCode, c.ProvinceIstatCode, c.Province!.RegionIstatCode))
            .FirstAsync(ct).ConfigureAwait(false);
    }

    private static async Task<(double Latitude, double Longitude, double RadiusKm)> NearAsync(
        Dictionary<string, object?> near, DirectoryDbContext db, CancellationToken ct)
    {
        var latitude = Number(near, "latitude");
        var longitude = Number(near, "longitude");
        var comune = Get(near, "comune") as string;
        var radius = Number(near, "radiusKm") ?? DefaultRadiusKm;
        if (comune is not null && (latitude is not null || longitude is not null))
        {
            throw DirectoryError.BadInput("near", "'near' takes either 'latitude' and 'longitude' or 'comune', not both.");
        }

        if (comune is null && (latitude is null || longitude is null))
        {
            throw DirectoryError.BadInput("near", "'near' needs both 'latitude' and 'longitude', or a 'comune'.");
        }

        if (radius is <= 0 or > MaxRadiusKm || double.IsNaN(radius))
        {
            throw DirectoryError.BadInput("near.radiusKm", $"'near.radiusKm' must be more than 0 and at most {Text(MaxRadiusKm)} km; got {Text(radius)}.");
        }

        if (comune is not null)
        {
            var code = await GeographyArguments.ComuneAsync(db, comune, "near.comune", ct).ConfigureAwait(false);
            var centroid = await db.Comuni.Where(c => c.IstatCode == code).Select(c => new { c.Latitude, c.Longitude }).FirstAsync(ct).ConfigureAwait(false);
            if (centroid.Latitude is not { } lat || centroid.Longitude is not { } lon)
            {
                throw DirectoryError.BadInput("near.comune", $"The comune \"{comune}\" has no known centroid; give 'latitude' and 'longitude' instead.");
            }

            return (lat, lon, radius);
        }

        return (Latitude(latitude!.Value, "near.latitude"), Longitude(longitude!.Value, "near.longitude"), radius);
    }

    private static GeoBox Box(IDictionary<string, object?> values)
    {
        var south = Latitude(Number(values, "south") ?? 0, "within.boundingBox.south");
        var west = Longitude(Number(values, "west") ?? 0, "within.boundingBox.west");
        var north = Latitude(Number(values, "north") ?? 0, "within.boundingBox.north");
        var east = Longitude(Number(values, "east") ?? 0, "within.boundingBox.east");
        if (south > north)
        {
            throw DirectoryError.BadInput("within.boundingBox", $"'within.boundingBox' is inverted: 'south' ({Text(south)}) is north of 'north' ({Text(north)}).");
        }

        if (west > east)
        {
            throw DirectoryError.BadInput("within.boundingBox", $"'within.boundingBox' is inverted: 'west' ({Text(west)}) is east of 'east' ({Text(east)}); boxes across the antimeridian are not supported.");
        }

        return new GeoBox(south, west, north, east);
    }

    private static NetTopologySuite.Geometries.Polygon Polygon(IDictionary<string, object?> values)
    {
        if (Get(values, "type") is not "Polygon")
        {
            throw DirectoryError.BadInput("within.polygon.type", $"'within.polygon.type' must be \"Polygon\"; got \"{Get(values, "type")}\".");
        }

        var rings = (Get(values, "coordinates") as IEnumerable<object?> ?? [])
            .Select(ring => (IReadOnlyList<IReadOnlyList<double>>)(ring as IEnumerable<object?> ?? [])
                .Select(position => (IReadOnlyList<double>)(position as IEnumerable<object?> ?? []).Select(p => Convert.ToDouble(p, CultureInfo.InvariantCulture)).ToList())
                .ToList())
            .ToList();
        return GeoPolygon.TryCreate(rings, out var error)
            ?? throw DirectoryError.BadInput("within.polygon", $"'within.polygon' is not a valid GeoJSON Polygon: {error}.");
    }

    private static double Latitude(double value, string argument) =>
        value is >= -90 and <= 90 ? value : throw DirectoryError.BadInput(argument, $"'{argument}' must be a latitude between -90 and 90; got {Text(value)}.");

    private static double Longitude(double value, string argument) =>
        value is >= -180 and <= 180 ? value : throw DirectoryError.BadInput(argument, $"'{argument}' must be a longitude between -180 and 180; got {Text(value)}.");

    private static object? Get(IDictionary<string, object?> values, string name) => values.TryGetValue(name, out var value) ? value : null;

    private static double? Number(IDictionary<string, object?> values, string name) => Get(values, name) switch
    {
        null => null,
        var value => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
