using System.Text.Json;
using Directory.Model.Geo;
using Microsoft.Data.Sqlite;

namespace Directory.Benchmarks.Running;

/// <summary>A service of a near-me answer with the nested fields the benchmark query asks for.</summary>
internal sealed record RawService(int Id, double DistanceKm, string Name, IReadOnlyList<string> Languages, List<(string Code, string Name)> Categories, List<RawLocation> Locations);

/// <summary>A location of a near-me answer.</summary>
internal sealed record RawLocation(string Name, double? Latitude, double? Longitude, string Comune);

/// <summary>
/// The near-me answer computed the hand-written way, as the baseline for the API: prepared statements on one
/// read-only Microsoft.Data.Sqlite connection, the R*Tree of listed services' points (same default filter: not
/// withdrawn, not inactive; migration <c>ServiceGeoIndex</c>) joined with the same covering index of coordinates the API
/// names, so the baseline is as good as the API's own SQL, the exact great-circle distance and top-N in C#, widening the disc
/// as the API does when a small one does not hold enough, then the nested fields for the page in three statements.
/// Not thread-safe: one per worker.
/// </summary>
internal sealed class RawNearMe : IDisposable
{
    private const int MaxPage = 100;

    private const int ProbeLevels = SqliteGeoSearch.ProbeLevels;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _points;
    private readonly SqliteCommand _density;
    private readonly SqliteCommand _services;
    private readonly SqliteCommand _categories;
    private readonly SqliteCommand _locations;

    public RawNearMe(string database)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        _connection.Open();
        _points = Prepare("""
            SELECT g."id" >> 32, l."Latitude", l."Longitude"
            FROM "ServiceGeoIndex" AS g
            JOIN "Locations" AS l INDEXED BY "IX_Locations_Point" ON l."Id" = (g."id" & 4294967295)
            WHERE g."minLat" <= $north AND g."maxLat" >= $south AND g."minLon" <= $east AND g."maxLon" >= $west
              AND l."Latitude" IS NOT NULL AND l."Longitude" IS NOT NULL
            """, "$north", "$south", "$east", "$west");
        // The API's density probe, as one prepared statement: index entries (up to a cap) in the boxes of the requested
        // disc and of discs of a quarter, a sixteenth and a sixty-fourth of its radius.
        _density = Prepare(
            "SELECT " + string.Join(", ", Enumerable.Range(0, ProbeLevels).Select(i => $"""
                (SELECT COUNT(*) FROM (SELECT 1 FROM "ServiceGeoIndex" AS g
                 WHERE g."minLat" <= $n{i} AND g."maxLat" >= $s{i} AND g."minLon" <= $e{i} AND g."maxLon" >= $w{i} LIMIT $cap))
                """)),
            [.. Enumerable.Range(0, ProbeLevels).SelectMany(i => new[] { $"$n{i}", $"$s{i}", $"$e{i}", $"$w{i}" }), "$cap"]);
        var ids = string.Join(", ", Enumerable.Range(0, MaxPage).Select(i => $"$id{i}"));
        var idNames = Enumerable.Range(0, MaxPage).Select(i => $"$id{i}").ToArray();
        _services = Prepare($"""SELECT "Id", "Name", "Languages" FROM "Services" WHERE "Id" IN ({ids})""", idNames);
        _categories = Prepare($"""
            SELECT sc."ServiceId", c."Code", c."Name" FROM "ServiceCategories" AS sc JOIN "Categories" AS c ON c."Id" = sc."CategoryId"
            WHERE sc."ServiceId" IN ({ids}) ORDER BY c."Code"
            """, idNames);
        _locations = Prepare($"""
            SELECT sal."ServiceId", l."Name", l."Latitude", l."Longitude", m."Name"
            FROM "ServiceAtLocations" AS sal JOIN "Locations" AS l ON l."Id" = sal."LocationId" JOIN "Comuni" AS m ON m."IstatCode" = l."ComuneIstatCode"
            WHERE sal."ServiceId" IN ({ids}) ORDER BY sal."Id"
            """, idNames);
    }

    /// <summary>Services in the database.</summary>
    public long CountServices()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "Services" """;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The first <paramref name="first"/> services within the radius, nearest first (ties by id), with their nested fields.</summary>
    public List<RawService> Query(double latitude, double longitude, double radiusKm, int first)
    {
        var ranked = Nearest(latitude, longitude, radiusKm, first);
        var byId = new Dictionary<int, RawService>();
        var top = ranked.Take(first).ToList();
        Bind(top.Select(t => t.Id).ToList());
        using (var reader = _services.ExecuteReader())
        {
            var distances = top.ToDictionary(t => t.Id, t => t.DistanceKm);
            while (reader.Read())
            {
                var id = reader.GetInt32(0);
                byId[id] = new RawService(id, distances[id], reader.GetString(1), JsonSerializer.Deserialize<List<string>>(reader.GetString(2)) ?? [], [], []);
            }
        }

        using (var reader = _categories.ExecuteReader())
        {
            while (reader.Read())
            {
                byId[reader.GetInt32(0)].Categories.Add((reader.GetString(1), reader.GetString(2)));
            }
        }

        using (var reader = _locations.ExecuteReader())
        {
            while (reader.Read())
            {
                byId[reader.GetInt32(0)].Locations.Add(new RawLocation(
                    reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.IsDBNull(3) ? null : reader.GetDouble(3), reader.GetString(4)));
            }
        }

        return [.. top.Where(t => byId.ContainsKey(t.Id)).Select(t => byId[t.Id])];
    }

    /// <summary>Exact top-N by distance, widening from a small disc until it holds N services or reaches the radius.</summary>
    /// <summary>
    /// The nearest services within the radius, as the API finds them: a density probe picks the disc that should hold
    /// about twice the page (one fetch of the whole box when the area is not crowded), then the disc widens until it
    /// holds the page or reaches the radius.
    /// </summary>
    private List<(int Id, double DistanceKm)> Nearest(double latitude, double longitude, double radiusKm, int first)
    {
        var needed = first + 1;
        var radius = StartingRadius(latitude, longitude, radiusKm, needed);
        while (true)
        {
            var box = GeoMath.BoxAround(latitude, longitude, radius).Widen(GeoCriteria.IndexMarginDegrees);
            _points.Parameters["$north"].Value = box.North;
            _points.Parameters["$south"].Value = box.South;
            _points.Parameters["$east"].Value = box.East;
            _points.Parameters["$west"].Value = box.West;
            var best = new Dictionary<int, double>();
            using (var reader = _points.ExecuteReader())
            {
                while (reader.Read())
                {
                    var id = reader.GetInt32(0);
                    var distance = GeoMath.HaversineKm(latitude, longitude, reader.GetDouble(1), reader.GetDouble(2));
                    if (distance <= radius && (!best.TryGetValue(id, out var known) || distance < known))
                    {
                        best[id] = distance;
                    }
                }
            }

            if (best.Count >= needed || radius >= radiusKm)
            {
                return [.. best.Select(kv => (kv.Key, kv.Value)).OrderBy(p => p.Value).ThenBy(p => p.Key).Take(needed)];
            }

            radius = Math.Min(radiusKm, radius * Math.Clamp(Math.Sqrt((double)needed / Math.Max(1, best.Count)) * 1.25, 1.5, 8));
        }
    }

    /// <summary>The radius the API's density probe starts from: its own SQL, the API's discs and rule (SqliteGeoSearch).</summary>
    private double StartingRadius(double latitude, double longitude, double radiusKm, int needed)
    {
        var radii = SqliteGeoSearch.ProbeRadii(radiusKm);
        for (var i = 0; i < ProbeLevels; i++)
        {
            var box = GeoMath.BoxAround(latitude, longitude, radii[Math.Min(i, radii.Count - 1)]).Widen(GeoCriteria.IndexMarginDegrees);
            (_density.Parameters[$"$n{i}"].Value, _density.Parameters[$"$s{i}"].Value) = (box.North, box.South);
            (_density.Parameters[$"$e{i}"].Value, _density.Parameters[$"$w{i}"].Value) = (box.East, box.West);
        }

        _density.Parameters["$cap"].Value = SqliteGeoSearch.Crowded(needed);
        var counts = new List<int>();
        using (var reader = _density.ExecuteReader())
        {
            reader.Read();
            for (var i = 0; i < radii.Count; i++)
            {
                counts.Add(reader.GetInt32(i));
            }
        }

        return SqliteGeoSearch.StartingRadius(radii, counts, needed) ?? radiusKm;
    }

    private void Bind(List<int> ids)
    {
        foreach (var command in new[] { _services, _categories, _locations })
        {
            for (var i = 0; i < MaxPage; i++)
            {
                command.Parameters[i].Value = i < ids.Count ? ids[i] : -1;
            }
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, 0));
        }

        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        _points.Dispose();
        _density.Dispose();
        _services.Dispose();
        _categories.Dispose();
        _locations.Dispose();
        _connection.Dispose();
    }
}
