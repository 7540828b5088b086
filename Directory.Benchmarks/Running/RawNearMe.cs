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
/// read-only Microsoft.Data.Sqlite connection with the API's memory map and page cache, the R*Tree of listed services' points (same default filter: not
/// withdrawn, not inactive; migration <c>ServiceGeoIndex</c>) read nearest first and joined with the same covering
/// index of coordinates, as the API does, so the baseline is as good as the API's own SQL; the exact great-circle
/// distance and top-N in C#, then the nested fields for the page in three statements.
/// Not thread-safe: one per worker.
/// </summary>
internal sealed class RawNearMe : IDisposable
{
    private const int MaxPage = 100;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _points;
    private readonly SqliteCommand _services;
    private readonly SqliteCommand _categories;
    private readonly SqliteCommand _locations;

    public RawNearMe(string database)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        _connection.Open();
        // The API's page reading: the file through the memory map up to SQLite's ceiling, and its page cache, so that the
        // baseline does not pay for reads the API avoids (defaults of DataOptions.MemoryMapBytes and PageCacheMiB).
        using (var pragmas = _connection.CreateCommand())
        {
            pragmas.CommandText = string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"PRAGMA mmap_size = {Directory.Model.Data.DataOptions.MaxMemoryMapBytes}; PRAGMA cache_size = -{new Directory.Model.Data.DataOptions().PageCacheMiB * 1024};");
            pragmas.ExecuteNonQuery();
        }

        // The R*Tree's nearest-first query function, as the API registers it on its connections.
        GeoSql.Register(_connection);
        _points = Prepare("""
            SELECT g."id" >> 32, l."Latitude", l."Longitude", g."minLat", g."maxLat", g."minLon", g."maxLon"
            FROM "ServiceGeoIndex" AS g
            JOIN "Locations" AS l INDEXED BY "IX_Locations_Point" ON l."Id" = (g."id" & 4294967295)
            WHERE g."id" MATCH geo_nearest($latitude, $longitude, $radius)
              AND l."Latitude" IS NOT NULL AND l."Longitude" IS NOT NULL
            """, "$latitude", "$longitude", "$radius");
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

    /// <summary>
    /// The nearest services within the radius, as the API finds them: the R*Tree hands its points over nearest first
    /// (by a lower bound of their distance), each point's exact distance is computed as it comes, and reading stops once
    /// the bound passes the distance of the N-th nearest service found.
    /// </summary>
    private List<(int Id, double DistanceKm)> Nearest(double latitude, double longitude, double radiusKm, int first)
    {
        var needed = first + 1;
        _points.Parameters["$latitude"].Value = latitude;
        _points.Parameters["$longitude"].Value = longitude;
        _points.Parameters["$radius"].Value = radiusKm;
        var best = new Dictionary<int, double>();
        var farthest = double.PositiveInfinity;
        using (var reader = _points.ExecuteReader())
        {
            while (reader.Read())
            {
                if (GeoMath.MinDistanceToBoxKm(latitude, longitude, reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6)) > farthest + 1e-9)
                {
                    break;
                }

                var id = reader.GetInt32(0);
                var distance = GeoMath.HaversineKm(latitude, longitude, reader.GetDouble(1), reader.GetDouble(2));
                if (distance <= radiusKm && (!best.TryGetValue(id, out var known) || distance < known))
                {
                    best[id] = distance;
                    if (best.Count >= needed)
                    {
                        farthest = best.Values.Order().ElementAt(needed - 1);
                    }
                }
            }
        }

        return [.. best.Select(kv => (kv.Key, kv.Value)).OrderBy(p => p.Value).ThenBy(p => p.Key).Take(needed)];
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
        _services.Dispose();
        _categories.Dispose();
        _locations.Dispose();
        _connection.Dispose();
    }
}
