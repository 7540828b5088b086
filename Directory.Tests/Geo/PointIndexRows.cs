using Directory.Model.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Geo;

/// <summary>The entries of an R*Tree of points, read past the API.</summary>
internal static class PointIndexRows
{
    /// <summary>The entries of <paramref name="table"/>, each checked to be a point box (up to 32-bit rounding); its centre by id.</summary>
    public static async Task<Dictionary<long, (double Latitude, double Longitude)>> ReadAsync(DirectoryDbContext db, string table)
    {
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT "id", "minLat", "maxLat", "minLon", "maxLon" FROM "{table}" """;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<long, (double, double)>();
        while (await reader.ReadAsync())
        {
            Assert.InRange(reader.GetDouble(2) - reader.GetDouble(1), 0, 1e-4);
            Assert.InRange(reader.GetDouble(4) - reader.GetDouble(3), 0, 1e-4);
            rows[reader.GetInt64(0)] = ((reader.GetDouble(1) + reader.GetDouble(2)) / 2, (reader.GetDouble(3) + reader.GetDouble(4)) / 2);
        }

        return rows;
    }
}
