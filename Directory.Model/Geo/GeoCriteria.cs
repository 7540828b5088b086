using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Directory.Model.Geo;

/// <summary>
/// Where results must lie: within <see cref="RadiusKm"/> of the centre (then they are ranked by distance),
/// and/or inside a box or polygon. Every criterion given must hold. Values are validated by the caller.
/// </summary>
public sealed class GeoCriteria
{
    /// <summary>
    /// R*Tree indexes store 32-bit floats; the index box is grown by this much (about 10 m) so that rounding never
    /// drops a point; the exact test on the stored double coordinates follows.
    /// </summary>
    public const double IndexMarginDegrees = 1e-4;

    private readonly IPreparedGeometry? _polygon;
    private readonly GeometryFactory? _factory;

    public GeoCriteria(double? centerLatitude = null, double? centerLongitude = null, double radiusKm = 0, GeoBox? box = null, Polygon? polygon = null)
    {
        if ((centerLatitude is null) != (centerLongitude is null))
        {
            throw new ArgumentException("A centre needs both latitude and longitude.", nameof(centerLatitude));
        }

        CenterLatitude = centerLatitude;
        CenterLongitude = centerLongitude;
        RadiusKm = radiusKm;
        Box = box;
        Polygon = polygon;
        if (polygon is not null)
        {
            _polygon = PreparedGeometryFactory.Prepare(polygon);
            _factory = polygon.Factory;
        }
    }

    private GeoCriteria(double? centerLatitude, double? centerLongitude, double radiusKm, GeoBox? box, Polygon? polygon, IPreparedGeometry? prepared, GeometryFactory? factory)
    {
        CenterLatitude = centerLatitude;
        CenterLongitude = centerLongitude;
        RadiusKm = radiusKm;
        Box = box;
        Polygon = polygon;
        _polygon = prepared;
        _factory = factory;
    }

    /// <summary>
    /// When set (with a centre), only the first this many records of the ranking are wanted: a search may stop as soon
    /// as it knows them exactly and return just those. Null: every match, so the caller can count them.
    /// </summary>
    public int? Limit { get; set; }

    public double? CenterLatitude { get; }

    public double? CenterLongitude { get; }

    /// <summary>
    /// With a <see cref="Limit"/>: also count every match, in the database, into <see cref="Count"/> (a page that shows
    /// a total needs the number, not the whole ranking). Only where <see cref="CountableInDatabase"/>.
    /// </summary>
    public bool CountAll { get; set; }

    /// <summary>Every match, set by the search when <see cref="CountAll"/> was asked; null otherwise.</summary>
    public int? Count { get; set; }

    /// <summary>
    /// Records to keep, tested in memory on the points the area search returns (e.g. the ids a full-text search found):
    /// cheaper than joining a long list in SQL, which would lead the database to visit every listed record instead of
    /// the few points near the centre. Null keeps all.
    /// </summary>
    public Func<int, bool>? Keep { get; set; }

    /// <summary>
    /// Set by the caller when the list it searches is exactly what a plain listing shows, with no criterion beyond the
    /// default visibility (for services: not withdrawn, active or temporarily closed; see
    /// <see cref="Services.ServiceFilter.IsDefault"/>). A search may then apply that visibility itself, in the statement
    /// that reads the points, instead of asking the list about each candidate.
    /// </summary>
    public bool DefaultVisibilityOnly { get; set; }

    /// <summary>
    /// Set by the caller when the list it searches keeps nothing a plain listing would not show, perhaps less (for
    /// services: <see cref="Services.ServiceFilter.ListedOnly"/>); implied by <see cref="DefaultVisibilityOnly"/>. A
    /// search may then take its candidates from an index of the listed records and ask the list about them.
    /// </summary>
    public bool ListedOnly { get; set; }

    /// <summary>
    /// Whether the database alone can tell which records match: a centre and radius, perhaps a box, no polygon and no
    /// in-memory <see cref="Keep"/>.
    /// </summary>
    public bool CountableInDatabase => HasCenter && Polygon is null && Keep is null;

    /// <summary>Whether results are ranked by distance from a centre.</summary>
    public bool HasCenter => CenterLatitude is not null;

    /// <summary>Largest distance from the centre, in kilometres (with a centre).</summary>
    public double RadiusKm { get; }

    public GeoBox? Box { get; }

    /// <summary>A polygon in longitude/latitude (GeoJSON axis order), edges as straight lines in those degrees.</summary>
    public Polygon? Polygon { get; }

    /// <summary>The same criteria with a smaller (or equal) radius around the same centre, and no limit.</summary>
    public GeoCriteria WithRadius(double radiusKm) =>
        new(CenterLatitude, CenterLongitude, radiusKm, Box, Polygon, _polygon, _factory) { Keep = Keep, DefaultVisibilityOnly = DefaultVisibilityOnly, ListedOnly = ListedOnly };

    /// <summary>A box holding every point that can match, grown for index rounding; empty when nothing can.</summary>
    public GeoBox SearchBox
    {
        get
        {
            var box = new GeoBox(-90, -180, 90, 180);
            if (CenterLatitude is { } lat && CenterLongitude is { } lon)
            {
                box = box.Intersect(GeoMath.BoxAround(lat, lon, RadiusKm));
            }

            if (Box is { } within)
            {
                box = box.Intersect(within);
            }

            if (Polygon is { } polygon)
            {
                var envelope = polygon.EnvelopeInternal;
                box = box.Intersect(new GeoBox(envelope.MinY, envelope.MinX, envelope.MaxY, envelope.MaxX));
            }

            return box.IsEmpty ? box : box.Widen(IndexMarginDegrees);
        }
    }

    /// <summary>
    /// Whether a point meets every criterion; <paramref name="distanceKm"/> is its great-circle distance from the centre
    /// (null without one).
    /// </summary>
    public bool Matches(double latitude, double longitude, out double? distanceKm)
    {
        distanceKm = null;
        if (Box is { } box && !box.Contains(latitude, longitude))
        {
            return false;
        }

        if (_polygon is not null && !_polygon.Covers(_factory!.CreatePoint(new Coordinate(longitude, latitude))))
        {
            return false;
        }

        if (CenterLatitude is { } lat && CenterLongitude is { } lon)
        {
            var distance = GeoMath.HaversineKm(lat, lon, latitude, longitude);
            if (distance > RadiusKm)
            {
                return false;
            }

            distanceKm = distance;
        }

        return true;
    }
}

/// <summary>One result of a geographic search: the record's id and, when ranked, its distance from the centre.</summary>
public readonly record struct GeoMatch(int Id, double? DistanceKm);
