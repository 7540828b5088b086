using Directory.Model.Associations;
using Directory.Model.Councils;
using Directory.Model.Data;
using Directory.Model.Data.Configurations;
using Directory.Model.Locations;
using Directory.Model.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Directory.Model.Geo;

/// <summary>
/// <see cref="IGeoSearch"/> on SQLite: the R*Tree <c>LocationGeoIndex</c> (kept in sync by triggers, see the
/// <c>GeoIndex</c> migration) narrows locations to the search box in one statement joined with the caller's filter;
/// the exact test and the great-circle distance are then computed here, on the stored double coordinates. When only
/// the nearest few are wanted (<see cref="GeoCriteria.Limit"/>), crowded areas are searched in widening discs.
/// </summary>
public sealed class SqliteGeoSearch : IGeoSearch
{
    /// <summary>Name of the R*Tree virtual table over location coordinates.</summary>
    public const string IndexTable = "LocationGeoIndex";

    /// <summary>
    /// Name of the R*Tree virtual table of the points where listed services are offered (migration
    /// <c>ServiceGeoIndex</c>): an entry per link of a listed service to a located place, its id
    /// <c>(service id &lt;&lt; 32) | location id</c>.
    /// </summary>
    public const string ServiceIndexTable = "ServiceGeoIndex";

    /// <summary>
    /// Index entries in a search box above which a limited near search goes progressive (at least this many, or four
    /// times the limit); below it one fetch of the whole box is cheap.
    /// </summary>
    public const int CrowdedPoints = 64;

    /// <summary>
    /// Discs whose index entries one density probe counts, each a quarter of the radius of the one before (10 km, 2.5,
    /// 0.6, 0.16). Few, because preparing the statement costs more than running it.
    /// </summary>
    public const int ProbeLevels = 4;

    /// <summary>Each probed disc's radius divided by the next one's.</summary>
    private const double ProbeStep = 4;

    /// <summary>Smallest disc the progressive search starts from (about a city block).</summary>
    private const double MinimumRadiusKm = 0.05;

    /// <summary>
    /// Most candidates a near search asks the caller's filter about at once (as one JSON parameter), by default; beyond it
    /// the disc is searched with the filter joined in the database (a filter that leaves out nearly everything nearby).
    /// </summary>
    public const int DefaultMaxCandidatesVerified = 2000;

    private readonly int _maxCandidatesVerified;

    public SqliteGeoSearch()
        : this(DefaultMaxCandidatesVerified)
    {
    }

    /// <param name="maxCandidatesVerified">See <see cref="DefaultMaxCandidatesVerified"/>.</param>
    public SqliteGeoSearch(int maxCandidatesVerified)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCandidatesVerified);
        _maxCandidatesVerified = maxCandidatesVerified;
    }

    /// <summary>
    /// The box test on the spatial index, then the coordinates. The candidate statements below name their indexes
    /// (<c>INDEXED BY</c>): each join is then answered from a compact covering index instead of the tables' rows, which
    /// are long (descriptions) and scattered over the file, so a point costs a few index lookups however large the
    /// database grows. SQLite's planner would otherwise look rows up by rowid.
    /// </summary>
    private const string InBox = $"""
        FROM "{IndexTable}" AS g
        JOIN "Locations" AS l INDEXED BY "{LocationConfiguration.PointIndex}" ON l."Id" = g."id"
        """;

    /// <summary>
    /// The listed services' index (see <see cref="ServiceIndexTable"/>): the service's id is in the entry's, and only the
    /// exact coordinates are looked up, in the compact covering index of locations. At a million services this reads a
    /// quarter of what joining every located point with its links and services does (those rows are scattered).
    /// </summary>
    private const string InServiceBox = $"""
        FROM "{ServiceIndexTable}" AS g
        JOIN "Locations" AS l INDEXED BY "{LocationConfiguration.PointIndex}" ON l."Id" = (g."id" & 4294967295)
        """;

    private const string BoxAndCoordinates = """
        g."minLat" <= $north AND g."maxLat" >= $south AND g."minLon" <= $east AND g."maxLon" >= $west
          AND l."Latitude" IS NOT NULL AND l."Longitude" IS NOT NULL
        """;

    /// <summary>The points in the box.</summary>
    private const string InBoxWhere = $"WHERE {BoxAndCoordinates}";

    /// <summary>
    /// The points in the box, nearest first: the R*Tree hands its entries over in order of
    /// <see cref="GeoMath.MinDistanceToBoxKm"/> from the centre (<see cref="GeoSql.NearestFunction"/>), up to the radius,
    /// so a reader can stop after the nearest few. Such statements also return each entry's index box
    /// (<see cref="IndexBox"/>), from which the reader recomputes that bound.
    /// </summary>
    private const string NearestFirstWhere = $"""
        WHERE g."id" MATCH {GeoSql.NearestFunction}($latitude, $longitude, $radius) AND {BoxAndCoordinates}
        """;

    private const string IndexBox = """, g."minLat", g."maxLat", g."minLon", g."maxLon" """;

    private const string AtLocations = $"""
        JOIN "ServiceAtLocations" AS sal INDEXED BY "{ServiceAtLocationConfiguration.LocationServiceIndex}" ON sal."LocationId" = l."Id"
        """;

    /// <summary>Services with a location in the box (one row per service and location).</summary>
    private static readonly PointStatements ServicePoints = new(
        $"""SELECT sal."ServiceId", l."Latitude", l."Longitude" {InBox} {AtLocations} {InBoxWhere}""",
        $"""SELECT sal."ServiceId", l."Latitude", l."Longitude"{IndexBox} {InBox} {AtLocations} {NearestFirstWhere}""");

    /// <summary>
    /// Listed services (those a plain listing shows: <see cref="ServiceConfiguration.ListedFilter"/>) with a location in
    /// the box, from their own index (<see cref="InServiceBox"/>).
    /// </summary>
    private static readonly PointStatements VisibleServicePoints = new(
        $"""SELECT g."id" >> 32, l."Latitude", l."Longitude" {InServiceBox} {InBoxWhere}""",
        $"""SELECT g."id" >> 32, l."Latitude", l."Longitude"{IndexBox} {InServiceBox} {NearestFirstWhere}""");

    /// <summary>Locations in the box.</summary>
    private static readonly PointStatements LocationPoints = new(
        $"""SELECT l."Id", l."Latitude", l."Longitude" {InBox} {InBoxWhere}""",
        $"""SELECT l."Id", l."Latitude", l."Longitude"{IndexBox} {InBox} {NearestFirstWhere}""");

    private const string AtHeadquarters = """JOIN "Associations" AS a ON a."HeadquartersLocationId" = l."Id" """;

    /// <summary>Associations whose headquarters are in the box.</summary>
    private static readonly PointStatements AssociationPoints = new(
        $"""SELECT a."Id", l."Latitude", l."Longitude" {InBox} {AtHeadquarters} {InBoxWhere}""",
        $"""SELECT a."Id", l."Latitude", l."Longitude"{IndexBox} {InBox} {AtHeadquarters} {NearestFirstWhere}""");

    public async Task<IReadOnlyList<GeoMatch>> ServicesAsync(DirectoryDbContext db, IQueryable<Service> services, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        Task<List<int>> Verify(List<int> ids) => services.Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        IQueryable<PointOf> Within(GeoBox box) =>
            from s in services
            from sal in s.ServiceAtLocations
            join p in Points(db, box) on sal.LocationId equals p.LocationId
            select new PointOf { Id = s.Id, Latitude = p.Latitude, Longitude = p.Longitude };
        return await SearchAsync(db, criteria, box => Within(box).ToListAsync(cancellationToken),
            box => CountAsync(Within(box), criteria, cancellationToken),
            criteria switch
            {
                // The statement is the filter: nothing to ask.
                { DefaultVisibilityOnly: true } => new Candidates(VisibleServicePoints, ServiceIndexTable, null),
                { ListedOnly: true } => new Candidates(VisibleServicePoints, ServiceIndexTable, Verify),
                _ => new Candidates(ServicePoints, IndexTable, Verify),
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GeoMatch>> LocationsAsync(DirectoryDbContext db, IQueryable<Location> locations, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        IQueryable<PointOf> Within(GeoBox box) =>
            from l in locations
            join p in Points(db, box) on l.Id equals p.LocationId
            select new PointOf { Id = l.Id, Latitude = p.Latitude, Longitude = p.Longitude };
        return await SearchAsync(db, criteria, box => Within(box).ToListAsync(cancellationToken),
            box => CountAsync(Within(box), criteria, cancellationToken),
            new Candidates(LocationPoints, IndexTable, ids => locations.Where(l => ids.Contains(l.Id)).Select(l => l.Id).ToListAsync(cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GeoMatch>> AssociationsAsync(DirectoryDbContext db, IQueryable<Association> associations, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        IQueryable<PointOf> Within(GeoBox box) =>
            from a in associations
            join p in Points(db, box) on a.HeadquartersLocationId equals (int?)p.LocationId
            select new PointOf { Id = a.Id, Latitude = p.Latitude, Longitude = p.Longitude };
        return await SearchAsync(db, criteria, box => Within(box).ToListAsync(cancellationToken),
            box => CountAsync(Within(box), criteria, cancellationToken),
            new Candidates(AssociationPoints, IndexTable, ids => associations.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GeoMatch>> CouncilsAsync(DirectoryDbContext db, IQueryable<RepresentativeCouncil> councils, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(criteria);
        var box = criteria.SearchBox;
        if (box.IsEmpty)
        {
            return [];
        }

        var atLocation = await (
            from c in councils
            join p in Points(db, box) on c.LocationId equals (int?)p.LocationId
            select new PointOf { Id = c.Id, Latitude = p.Latitude, Longitude = p.Longitude })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // Councils are few and comuni are 8,000: a range test on the centroid columns is cheap without an index.
        var atComune = await (
            from c in councils
            where c.LocationId == null || c.Location!.Latitude == null || c.Location.Longitude == null
            join m in db.Comuni on c.ComuneIstatCode equals m.IstatCode
            where m.Latitude != null && m.Longitude != null
                && m.Latitude >= box.South && m.Latitude <= box.North && m.Longitude >= box.West && m.Longitude <= box.East
            select new PointOf { Id = c.Id, Latitude = m.Latitude!.Value, Longitude = m.Longitude!.Value })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        // Every council is ranked (they are few), so the total is at hand.
        var ranked = Rank([.. atLocation, .. atComune], criteria);
        criteria.Count = criteria.CountAll ? ranked.Count : null;
        return ranked;
    }

    /// <summary>Index entries in a probed box from which the area counts as crowded, for a page of <paramref name="limit"/>.</summary>
    public static int Crowded(int limit) => Math.Max(CrowdedPoints, 4 * limit);

    /// <summary>The discs one density probe counts: the requested radius, then each a quarter of the one before.</summary>
    public static IReadOnlyList<double> ProbeRadii(double radiusKm)
    {
        var radii = new List<double> { radiusKm };
        while (radii.Count < ProbeLevels && radii[^1] / ProbeStep >= MinimumRadiusKm)
        {
            radii.Add(radii[^1] / ProbeStep);
        }

        return radii;
    }

    /// <summary>
    /// The radius a progressive near search starts from, given the index entries counted (each up to
    /// <see cref="Crowded"/>) in the boxes of <see cref="ProbeRadii"/>; <see langword="null"/> when the whole box is not
    /// crowded (one fetch ranks it all). The widest disc that is not crowded, then the radius its density says holds
    /// about twice the limit (a disc holds π/4 of its box's points), never beyond the crowded disc around it.
    /// </summary>
    public static double? StartingRadius(IReadOnlyList<double> radii, IReadOnlyList<int> counts, int limit)
    {
        ArgumentNullException.ThrowIfNull(radii);
        ArgumentNullException.ThrowIfNull(counts);
        var crowded = Crowded(limit);
        if (counts[0] < crowded || counts.Count == 1)
        {
            return null;
        }

        var level = 1;
        while (level < counts.Count - 1 && counts[level] >= crowded)
        {
            level++;
        }

        return Math.Min(radii[level - 1], radii[level] * Math.Sqrt(2.0 * limit / Math.Max(1, counts[level])));
    }

    /// <summary>
    /// Runs <paramref name="fetch"/> (the points of the filtered records inside a box) and ranks them. With a centre and a
    /// <see cref="GeoCriteria.Limit"/>, where the index holds many points around the centre, the search is progressive:
    /// one statement counts the index entries (up to a cap) in the box and in discs of a quarter, a sixteenth... of the radius, then
    /// the disc whose density says it holds about twice the limit is fetched; if that disc already holds at least
    /// <c>Limit</c> records, every record nearer than the last of them is inside it too, so its ranking is the exact
    /// start of the full one; otherwise the disc widens, up to the requested radius. Sparse areas take one fetch, as
    /// without a limit.
    /// </summary>
    private async Task<IReadOnlyList<GeoMatch>> SearchAsync(
        DirectoryDbContext db, GeoCriteria criteria, Func<GeoBox, Task<List<PointOf>>> fetch, Func<GeoBox, Task<int>>? count, Candidates candidates, CancellationToken cancellationToken)
    {
        var box = criteria.SearchBox;
        if (box.IsEmpty)
        {
            criteria.Count = criteria.CountAll ? 0 : null;
            return [];
        }

        if (criteria.Limit is not { } limit || !criteria.HasCenter)
        {
            // Every point in the box. Where the candidates' statement is the filter itself (listed services), it reads
            // them from its own index: at a million services, 10 km around Firenze, ≈ 136,000 points in ≈ 0.1 s, against
            // ≈ 0.7 s to join each located point with its links and services.
            return candidates.Verify is null
                ? await RankCandidatesAsync(db, candidates.Points.InBox, box, criteria, cancellationToken).ConfigureAwait(false)
                : Rank(await fetch(box).ConfigureAwait(false), criteria);
        }

        if (criteria.CountAll && criteria.CountableInDatabase && count is not null)
        {
            criteria.Count = candidates.Verify is null && NativeReads.Enabled(db)
                ? await CountCandidatesAsync(db, candidates.Points.InBox, box, criteria, cancellationToken).ConfigureAwait(false)
                : await count(box).ConfigureAwait(false);
        }

        var verified = new Dictionary<int, bool>();
        if (NativeReads.Enabled(db)
            && await NearestFirstAsync(db, criteria, limit, candidates, verified, cancellationToken).ConfigureAwait(false) is { } nearestFirst)
        {
            return nearestFirst;
        }

        // How crowded the area is: index entries in the box and in discs of a quarter, a sixteenth... of the radius, one statement.
        var crowded = Crowded(limit);
        var radii = ProbeRadii(criteria.RadiusKm);
        var counts = await PointsInBoxesAsync(db, candidates.Index, [.. radii.Select(r => criteria.WithRadius(r).SearchBox)], crowded, cancellationToken).ConfigureAwait(false);
        if (StartingRadius(radii, counts, limit) is not { } radius)
        {
            // Few enough points in the whole box: one fetch ranks them all, as cheaply as any narrower search.
            return Take(await NearestAsync(db, criteria, limit, candidates, verified, fetch, cancellationToken).ConfigureAwait(false), limit);
        }

        while (true)
        {
            var disc = criteria.WithRadius(radius);
            var ranked = await NearestAsync(db, disc, limit, candidates, verified, fetch, cancellationToken).ConfigureAwait(false);
            if (ranked.Count >= limit || radius >= criteria.RadiusKm)
            {
                return Take(ranked, limit);
            }

            // Points spread over the area, so the radius that holds `limit` grows with the square root of the shortfall.
            var growth = Math.Clamp(Math.Sqrt((double)limit / Math.Max(1, ranked.Count)) * 1.25, 1.5, 8);
            radius = Math.Min(criteria.RadiusKm, radius * growth);
        }
    }

    /// <summary>
    /// The nearest <paramref name="limit"/> records (fewer when the radius holds fewer), exactly ranked, read nearest
    /// first (<see cref="ReadNearestFirstAsync"/>) and, when the statement is not the whole filter, asking the caller's
    /// filter about the candidates in that order, a batch at a time (each answer read again from the start, with the
    /// verdicts known so far; batches double). <see langword="null"/> when more candidates than the limit given at
    /// construction would have to be asked about: the caller then searches progressively, joining the filter.
    /// </summary>
    private async Task<IReadOnlyList<GeoMatch>?> NearestFirstAsync(
        DirectoryDbContext db, GeoCriteria criteria, int limit, Candidates candidates, Dictionary<int, bool> verified, CancellationToken cancellationToken)
    {
        var batch = limit + (limit / 4) + 2;
        while (true)
        {
            var read = await ReadNearestFirstAsync(db, candidates.Points.NearestFirst, criteria, limit, candidates.Verify is null ? null : verified, batch, cancellationToken)
                .ConfigureAwait(false);
            if (read.Ranked is { } ranked)
            {
                return ranked;
            }

            var unknown = read.Unknown!;
            if (verified.Count + unknown.Count > _maxCandidatesVerified)
            {
                return null;
            }

            var passing = (await candidates.Verify!(unknown).ConfigureAwait(false)).ToHashSet();
            foreach (var id in unknown)
            {
                verified[id] = passing.Contains(id);
            }

            batch *= 2;
        }
    }

    /// <summary>Margin for rounding when the reader compares the index's lower bounds with exact distances.</summary>
    private const double BoundSlackKm = 1e-9;

    /// <summary>
    /// One read of a nearest-first statement (record id, latitude, longitude, then the index box: see
    /// <see cref="NearestFirstWhere"/>). Each point's exact distance is computed as it comes; reading stops at the first
    /// point whose lower bound (<see cref="GeoMath.MinDistanceToBoxKm"/> of its index box, which holds the point) exceeds
    /// the distance of the <paramref name="limit"/>-th nearest record found so far, since every point still to come is
    /// farther: the answer is then the exact start of the ranking. With <paramref name="verified"/> (the filter's verdicts
    /// so far), a record without a verdict stops the ranking: the read goes on only to collect up to
    /// <paramref name="batch"/> such records, in order, to be asked about. Should the statement ever return points out of
    /// order, it is read to the end, so the answer stays exact.
    /// </summary>
    private static Task<NearestRead> ReadNearestFirstAsync(
        DirectoryDbContext db, string sql, GeoCriteria criteria, int limit, Dictionary<int, bool>? verified, int batch, CancellationToken cancellationToken) =>
        NativeReads.RunAsync(db, sql, statement =>
        {
            var (latitude, longitude) = (criteria.CenterLatitude!.Value, criteria.CenterLongitude!.Value);
            var box = criteria.SearchBox;
            BindBox(statement, box).Bind("$latitude", latitude).Bind("$longitude", longitude).Bind("$radius", criteria.RadiusKm);
            var nearest = new NearestRecords(limit);
            List<int>? unknown = null;
            HashSet<int>? pending = null;
            var previousBound = 0.0;
            var inOrder = true;
            while (statement.Step())
            {
                var bound = GeoMath.MinDistanceToBoxKm(latitude, longitude, statement.Real(3), statement.Real(4), statement.Real(5), statement.Real(6));
                inOrder &= bound >= previousBound - BoundSlackKm;
                previousBound = Math.Max(previousBound, bound);
                if (inOrder && bound > nearest.Farthest + BoundSlackKm)
                {
                    break;
                }

                var id = (int)statement.Whole(0);
                if (!criteria.Matches(statement.Real(1), statement.Real(2), out var distance) || criteria.Keep?.Invoke(id) == false)
                {
                    continue;
                }

                if (verified is null)
                {
                    nearest.Add(id, distance!.Value);
                }
                else if (unknown is not null || !verified.TryGetValue(id, out var passes))
                {
                    unknown ??= [];
                    if (!verified.ContainsKey(id) && (pending ??= []).Add(id))
                    {
                        unknown.Add(id);
                        if (unknown.Count >= batch)
                        {
                            break;
                        }
                    }
                }
                else if (passes)
                {
                    nearest.Add(id, distance!.Value);
                }
            }

            return unknown is null ? new NearestRead(nearest.Ranked(), null) : new NearestRead(null, unknown);
        }, cancellationToken);

    /// <summary>
    /// The start of the ranking inside <paramref name="disc"/> (at least <paramref name="limit"/> records when it holds
    /// that many, else all): every point in the disc's box is read from the spatial index alone (one hand-written statement
    /// that does not depend on the caller's filter), ranked, and then the caller's filter is asked about the nearest
    /// candidates only, in order, until <paramref name="limit"/> of them pass. Verdicts are kept in
    /// <paramref name="verified"/> across widening discs. Where the filter leaves out so many candidates that more than
    /// the limit given at construction (<see cref="DefaultMaxCandidatesVerified"/>) would have to be asked about, the
    /// disc is fetched with the filter joined in the database instead (<paramref name="fetch"/>).
    /// </summary>
    private async Task<IReadOnlyList<GeoMatch>> NearestAsync(
        DirectoryDbContext db, GeoCriteria disc, int limit, Candidates candidates, Dictionary<int, bool> verified, Func<GeoBox, Task<List<PointOf>>> fetch, CancellationToken cancellationToken)
    {
        var ranked = await RankCandidatesAsync(db, candidates.Points.InBox, disc.SearchBox, disc, cancellationToken).ConfigureAwait(false);
        var passed = new List<GeoMatch>();
        var next = 0;
        while (next < ranked.Count)
        {
            // Candidates not asked about yet, from the first the ranking has not settled: a few more than still needed first, then the rest.
            var needed = limit - passed.Count;
            var batch = passed.Count == 0 && next == 0 ? needed + (needed / 4) + 2 : ranked.Count - next;
            var slice = ranked.Skip(next).Take(batch).ToList();
            var unknown = slice.Where(m => !verified.ContainsKey(m.Id)).Select(m => m.Id).ToList();
            if (unknown.Count > _maxCandidatesVerified)
            {
                return Rank(await fetch(disc.SearchBox).ConfigureAwait(false), disc);
            }

            if (unknown.Count > 0)
            {
                var passing = candidates.Verify is null ? [.. unknown] : (await candidates.Verify(unknown).ConfigureAwait(false)).ToHashSet();
                foreach (var id in unknown)
                {
                    verified[id] = passing.Contains(id);
                }
            }

            passed.AddRange(slice.Where(m => verified[m.Id]));
            next += slice.Count;
            if (passed.Count >= limit)
            {
                break;
            }
        }

        return passed;
    }

    /// <summary>
    /// Records with a point within the radius (and the box, if any), counted by the database with the same distance
    /// function as <see cref="Rank"/> (<see cref="GeoSql"/>), each record once.
    /// </summary>
    private static Task<int> CountAsync(IQueryable<PointOf> points, GeoCriteria criteria, CancellationToken cancellationToken)
    {
        var (latitude, longitude, radius) = (criteria.CenterLatitude!.Value, criteria.CenterLongitude!.Value, criteria.RadiusKm);
        var matching = points.Where(p => GeoSql.DistanceKm(latitude, longitude, p.Latitude, p.Longitude) <= radius);
        if (criteria.Box is { } box)
        {
            matching = matching.Where(p => p.Latitude >= box.South && p.Latitude <= box.North && p.Longitude >= box.West && p.Longitude <= box.East);
        }

        return matching.Select(p => p.Id).Distinct().CountAsync(cancellationToken);
    }

    /// <summary>
    /// The statement counting the entries (up to <c>$cap</c>) of a spatial index in each of <c>count</c> boxes
    /// (<c>$n0 $s0 $e0 $w0</c>, <c>$n1</c>...), by index and number of boxes.
    /// </summary>
    private static readonly Dictionary<string, string[]> PointsInBoxesSql = new[] { IndexTable, ServiceIndexTable }.ToDictionary(
        index => index,
        index => Enumerable.Range(0, ProbeLevels + 1).Select(count => "SELECT " + string.Join(", ", Enumerable.Range(0, count).Select(i => $"""
            (SELECT COUNT(*) FROM (SELECT 1 FROM "{index}" AS g
             WHERE g."minLat" <= $n{i} AND g."maxLat" >= $s{i} AND g."minLon" <= $e{i} AND g."maxLon" >= $w{i} LIMIT $cap))
            """))).ToArray());

    /// <summary>Entries of <paramref name="index"/> in each box, each counted up to <paramref name="cap"/> at most, in one statement.</summary>
    private static Task<List<int>> PointsInBoxesAsync(DirectoryDbContext db, string index, IReadOnlyList<GeoBox> boxes, int cap, CancellationToken cancellationToken) =>
        NativeReads.Enabled(db)
        ? NativeReads.RunAsync(db, PointsInBoxesSql[index][boxes.Count], statement =>
        {
            for (var i = 0; i < boxes.Count; i++)
            {
                statement.Bind($"$n{i}", boxes[i].North).Bind($"$s{i}", boxes[i].South).Bind($"$e{i}", boxes[i].East).Bind($"$w{i}", boxes[i].West);
            }

            statement.Bind("$cap", cap);
            statement.Step();
            return Enumerable.Range(0, boxes.Count).Select(i => (int)statement.Whole(i)).ToList();
        }, cancellationToken)
        : ReadAsync(
            db,
            command =>
            {
                for (var i = 0; i < boxes.Count; i++)
                {
                    Add(command, $"$n{i}", boxes[i].North);
                    Add(command, $"$s{i}", boxes[i].South);
                    Add(command, $"$e{i}", boxes[i].East);
                    Add(command, $"$w{i}", boxes[i].West);
                }

                Add(command, "$cap", cap);
                command.CommandText = PointsInBoxesSql[index][boxes.Count];
            },
            async reader =>
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return Enumerable.Range(0, boxes.Count).Select(reader.GetInt32).ToList();
            },
            cancellationToken);

    /// <summary>
    /// Runs one hand-written statement on the context's connection (opened for it if it was closed, in the context's
    /// transaction if there is one, counted like EF Core's commands) and reads its result.
    /// </summary>
    private static async Task<T> ReadAsync<T>(
        DirectoryDbContext db, Action<System.Data.Common.DbCommand> prepare, Func<System.Data.Common.DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            prepare(command);
            SqlCommandCounter.CountDirect(db);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await read(reader).ConfigureAwait(false);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static IReadOnlyList<GeoMatch> Take(IReadOnlyList<GeoMatch> ranked, int limit) =>
        ranked.Count <= limit ? ranked : [.. ranked.Take(limit)];

    /// <summary>Locations whose coordinates may lie in the box, by the R*Tree; the coordinates come from the table itself.</summary>
    private static IQueryable<LocationPoint> Points(DirectoryDbContext db, GeoBox box) =>
        db.Database.SqlQuery<LocationPoint>($"""
            SELECT l."Id" AS "LocationId", l."Latitude" AS "Latitude", l."Longitude" AS "Longitude"
            FROM "LocationGeoIndex" AS g
            JOIN "Locations" AS l ON l."Id" = g."id"
            WHERE g."minLat" <= {box.North} AND g."maxLat" >= {box.South}
              AND g."minLon" <= {box.East} AND g."maxLon" >= {box.West}
              AND l."Latitude" IS NOT NULL AND l."Longitude" IS NOT NULL
            """);

    /// <summary>The exact test and, with a centre, the order: each record at the distance of its nearest matching point.</summary>
    internal static IReadOnlyList<GeoMatch> Rank(IEnumerable<PointOf> rows, GeoCriteria criteria)
    {
        var ranking = new Ranking(criteria);
        foreach (var row in rows)
        {
            ranking.Add(row.Id, row.Latitude, row.Longitude);
        }

        return ranking.Ranked();
    }

    /// <summary>
    /// <see cref="Rank"/> of the candidates' points in the box (no filter: <paramref name="sql"/> is a statement of
    /// <see cref="PointStatements.InBox"/>), ranked as they are read: a crowded box (at a million services, 136,000
    /// points within 10 km of Firenze) is not kept as a list of points first.
    /// </summary>
    private static Task<IReadOnlyList<GeoMatch>> RankCandidatesAsync(DirectoryDbContext db, string sql, GeoBox box, GeoCriteria criteria, CancellationToken cancellationToken) =>
        NativeReads.Enabled(db)
            ? NativeReads.RunAsync(db, sql, statement =>
            {
                BindBox(statement, box);
                var ranking = new Ranking(criteria);
                while (statement.Step())
                {
                    ranking.Add((int)statement.Whole(0), statement.Real(1), statement.Real(2));
                }

                return ranking.Ranked();
            }, cancellationToken)
            : ReadAsync(
                db,
                command =>
                {
                    command.CommandText = sql;
                    Add(command, "$north", box.North);
                    Add(command, "$south", box.South);
                    Add(command, "$east", box.East);
                    Add(command, "$west", box.West);
                },
                async reader =>
                {
                    var ranking = new Ranking(criteria);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        ranking.Add(reader.GetInt32(0), reader.GetDouble(1), reader.GetDouble(2));
                    }

                    return ranking.Ranked();
                },
                cancellationToken);

    /// <summary>Binds a statement's box parameters (<c>$north $south $east $west</c>).</summary>
    private static NativeStatement BindBox(NativeStatement statement, GeoBox box) =>
        statement.Bind("$north", box.North).Bind("$south", box.South).Bind("$east", box.East).Bind("$west", box.West);

    /// <summary>
    /// How many records have a point that passes the exact test, counted from the candidates' own statement where it is
    /// the filter (listed services): at a million services, every listed service within 10 km of Firenze in ≈ 0.05 s
    /// instead of ≈ 0.3 s joining each located point with its links and services in SQL.
    /// </summary>
    private static Task<int> CountCandidatesAsync(DirectoryDbContext db, string sql, GeoBox box, GeoCriteria criteria, CancellationToken cancellationToken) =>
        NativeReads.RunAsync(db, sql, statement =>
        {
            BindBox(statement, box);
            // Ids of matching points in a pooled buffer, then sorted and counted once each (a service may have several
            // points): a set of a hundred thousand ids would be allocated on the large object heap by every request.
            var ids = System.Buffers.ArrayPool<int>.Shared.Rent(4096);
            var count = 0;
            try
            {
                while (statement.Step())
                {
                    if (!criteria.Matches(statement.Real(1), statement.Real(2), out _))
                    {
                        continue;
                    }

                    if (count == ids.Length)
                    {
                        var larger = System.Buffers.ArrayPool<int>.Shared.Rent(ids.Length * 2);
                        ids.AsSpan(0, count).CopyTo(larger);
                        System.Buffers.ArrayPool<int>.Shared.Return(ids);
                        ids = larger;
                    }

                    ids[count++] = (int)statement.Whole(0);
                }

                var found = ids.AsSpan(0, count);
                found.Sort();
                var distinct = 0;
                for (var i = 0; i < found.Length; i++)
                {
                    if (i == 0 || found[i] != found[i - 1])
                    {
                        distinct++;
                    }
                }

                return distinct;
            }
            finally
            {
                System.Buffers.ArrayPool<int>.Shared.Return(ids);
            }
        }, cancellationToken);

    /// <summary>Points taken one by one: each record at the distance of its nearest point that passes the exact test and <see cref="GeoCriteria.Keep"/>.</summary>
    private sealed class Ranking(GeoCriteria criteria)
    {
        private readonly Dictionary<int, double?> _best = [];

        public void Add(int id, double latitude, double longitude)
        {
            if (!criteria.Matches(latitude, longitude, out var distance) || criteria.Keep?.Invoke(id) == false)
            {
                return;
            }

            if (!_best.TryGetValue(id, out var known) || distance < known)
            {
                _best[id] = distance;
            }
        }

        /// <summary>With a centre nearest first, else by id (ties by id).</summary>
        public IReadOnlyList<GeoMatch> Ranked()
        {
            var matches = _best.Select(kv => new GeoMatch(kv.Key, kv.Value));
            return criteria.HasCenter
                ? [.. matches.OrderBy(m => m.DistanceKm).ThenBy(m => m.Id)]
                : [.. matches.OrderBy(m => m.Id)];
        }
    }

    /// <summary>A record's id with one of its points (set by member initialization, so queries can filter on it).</summary>
    internal sealed class PointOf
    {
        public int Id { get; init; }

        public double Latitude { get; init; }

        public double Longitude { get; init; }
    }
}

/// <summary>A location's coordinates, as read through the spatial index.</summary>
public sealed class LocationPoint
{
    public int LocationId { get; init; }

    public double Latitude { get; init; }

    public double Longitude { get; init; }
}

/// <summary>
/// How a limited near search finds its candidates without the caller's filter (<paramref name="Points"/>, read through
/// the spatial index <paramref name="Index"/>, whose entries the density probe counts) and then asks the filter about
/// some of them (<paramref name="Verify"/>: which of these ids it keeps; <see langword="null"/> when the statements are
/// the whole filter).
/// </summary>
internal sealed record Candidates(PointStatements Points, string Index, Func<List<int>, Task<List<int>>>? Verify);

/// <summary>
/// The statements of one kind of record's points: record id, latitude, longitude of the points in the box
/// <c>$north $south $east $west</c> (<paramref name="InBox"/>), and the same nearest first from <c>$latitude
/// $longitude</c> up to <c>$radius</c> km, each with its index box (<paramref name="NearestFirst"/>).
/// </summary>
internal sealed record PointStatements(string InBox, string NearestFirst);

/// <summary>One read of a nearest-first statement: the ranking, or the records the filter must be asked about first.</summary>
internal sealed record NearestRead(IReadOnlyList<GeoMatch>? Ranked, List<int>? Unknown);

/// <summary>
/// The records nearest so far of a nearest-first read: each record's smallest distance, and the distance of the
/// <c>limit</c>-th nearest record (<see cref="Farthest"/>), which only falls as records come.
/// </summary>
internal sealed class NearestRecords(int limit)
{
    private readonly Dictionary<int, double> _best = [];

    /// <summary>The <c>limit</c> smallest record distances, largest on top.</summary>
    private readonly PriorityQueue<int, double> _kept = new(Comparer<double>.Create((a, b) => b.CompareTo(a)));

    /// <summary>Distance of the <c>limit</c>-th nearest record; infinite until that many are known.</summary>
    public double Farthest => _kept.Count >= limit && _kept.TryPeek(out _, out var distance) ? distance : double.PositiveInfinity;

    public void Add(int id, double distance)
    {
        if (_best.TryGetValue(id, out var known))
        {
            if (distance >= known)
            {
                return;
            }

            // A nearer point of a record already kept (its index box was within rounding of another): start the heap over.
            _best[id] = distance;
            _kept.Clear();
            foreach (var (record, best) in _best.OrderBy(kv => kv.Value).Take(limit))
            {
                _kept.Enqueue(record, best);
            }

            return;
        }

        _best[id] = distance;
        if (_kept.Count < limit)
        {
            _kept.Enqueue(id, distance);
        }
        else if (distance < Farthest)
        {
            _kept.DequeueEnqueue(id, distance);
        }
    }

    /// <summary>The nearest <c>limit</c> records, nearest first, ties by id.</summary>
    public IReadOnlyList<GeoMatch> Ranked() =>
        [.. _best.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key).Take(limit).Select(kv => new GeoMatch(kv.Key, kv.Value))];
}
