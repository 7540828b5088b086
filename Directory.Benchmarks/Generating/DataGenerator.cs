using System.Diagnostics;
using System.Globalization;
using Bogus;
using Directory.Model.Data;
using Directory.Model.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Benchmarks.Generating;

/// <summary>What <see cref="DataGenerator"/> wrote and how long it took.</summary>
public sealed record GenerationResult(string Database, int Organizations, int Services, int Locations, int Schedules, int Translations, TimeSpan Elapsed, long Bytes);

/// <summary>
/// Builds a benchmark database: the normal migrations and reference seeding (comuni, taxonomy), then organizations,
/// services, locations, categories, languages, schedules and translations written in bulk with prepared statements in
/// large transactions. Places are real comune centroids jittered by a few kilometres, more of them in bigger comuni and
/// most of them in Tuscany, the region the Directory serves. The same seed always gives the same database.
/// </summary>
public sealed class DataGenerator(string seedDirectory, int randomSeed = 20261126)
{
    /// <summary>Share of services placed in Tuscany; the rest are spread over the rest of Italy.</summary>
    public const double TuscanyShare = 0.7;

    private static readonly string[] ServiceKinds =
    [
        "Sportello immigrazione", "Corsi di italiano", "Orientamento al lavoro", "Consulenza legale", "Mediazione culturale",
        "Accoglienza", "Sportello casa", "Ambulatorio per stranieri", "Doposcuola", "Sportello anagrafe",
        "Assistenza permesso di soggiorno", "Centro antiviolenza", "Servizio sociale", "Formazione professionale",
    ];

    private static readonly string[] OtherLanguages = ["en", "fr", "ar", "zh", "es", "ro", "sq", "uk", "ur", "bn", "ru", "pt", "wo", "tl", "hi"];

    private static readonly string[] TargetGroups =
        ["ForeignMinors", "UnaccompaniedMinors", "AsylumSeekers", "RefugeesAndProtectionHolders", "PermitHolders", "Families", "Women", "Workers", "AllForeignResidents"];

    private static readonly string[] OrganizationKinds = ["Comune", "Association", "School", "JobCentre", "HealthAuthority", "Prefettura", "Questura", "Other"];

    private static readonly string[] Days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    /// <summary>
    /// Creates <paramref name="path"/> (replacing it) and fills it with <paramref name="services"/> services. With
    /// <paramref name="layout"/>, the database is written to a scratch file first and then copied into
    /// <paramref name="path"/> by <see cref="SqliteFileLayout"/>, as the README advises for large databases (the
    /// importer's <c>layout</c> command): the tables pages of services read come first in the file.
    /// </summary>
    public async Task<GenerationResult> GenerateAsync(string path, int services, Action<string> progress, CancellationToken cancellationToken, bool layout = true)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var clock = Stopwatch.StartNew();
        var target = Path.GetFullPath(path);
        var full = layout ? target + ".bulk" : target;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        DeleteDatabase(target);
        DeleteDatabase(full);

        var connectionString = new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString();
        await InitializeAsync(connectionString, cancellationToken).ConfigureAwait(false);
        progress($"migrated and seeded reference data in {clock.Elapsed.TotalSeconds:F1} s");

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // A throw-away build: no crash safety needed while writing; the file is checkpointed and closed at the end.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;", cancellationToken).ConfigureAwait(false);

        var comuni = await LoadComuniAsync(connection, cancellationToken).ConfigureAwait(false);
        var categories = await LoadLeafCategoriesAsync(connection, cancellationToken).ConfigureAwait(false);
        var tuscany = new WeightedPicker(comuni.Where(c => c.Region == "09").ToList());
        var italy = new WeightedPicker(comuni.Where(c => c.Region != "09").ToList());

        var random = new Random(randomSeed);
        Randomizer.Seed = new Random(randomSeed);
        var faker = new Faker("it");
        // Bogus is slow per call at millions of rows; draw realistic texts once and pick from the pools.
        var sentences = Enumerable.Range(0, 2000).Select(_ => faker.Lorem.Sentence(8)).ToArray();
        var streets = Enumerable.Range(0, 2000).Select(_ => faker.Address.StreetName()).ToArray();
        var addresses = Enumerable.Range(0, 2000).Select(_ => faker.Address.StreetAddress()).ToArray();
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

        if (await MaxIdAsync(connection, "Services", cancellationToken).ConfigureAwait(false) != 0 || await MaxIdAsync(connection, "Organizations", cancellationToken).ConfigureAwait(false) != 0)
        {
            throw new InvalidOperationException("Reference seeding wrote services or organizations; the generator expects none.");
        }

        var organizationCount = Math.Max(1, services / 10);
        var writer = new BulkWriter(connection, now);
        var organizationComuni = new ComuneRow[organizationCount];
        for (var i = 0; i < organizationCount; i++)
        {
            var comune = (random.NextDouble() < TuscanyShare ? tuscany : italy).Pick(random);
            organizationComuni[i] = comune;
            var kind = OrganizationKinds[random.Next(OrganizationKinds.Length)];
            var name = kind switch
            {
                "Comune" => $"Comune di {comune.Name}",
                "Association" => $"Associazione {faker.Company.CompanyName()}",
                "School" => $"CPIA {comune.Name}",
                "JobCentre" => $"Centro per l'impiego di {comune.Name}",
                _ => $"{faker.Company.CompanyName()} – {comune.Name}",
            };
            await writer.OrganizationAsync(i + 1, name, kind, comune.IstatCode, cancellationToken).ConfigureAwait(false);
        }

        progress($"{organizationCount:N0} organizations");
        // Reference seeding already wrote translations (of categories); new rows go after whatever is there.
        var locationId = await MaxIdAsync(connection, "Locations", cancellationToken).ConfigureAwait(false);
        var salId = await MaxIdAsync(connection, "ServiceAtLocations", cancellationToken).ConfigureAwait(false);
        var scheduleId = await MaxIdAsync(connection, "Schedules", cancellationToken).ConfigureAwait(false);
        var translationId = await MaxIdAsync(connection, "Translations", cancellationToken).ConfigureAwait(false);
        var firstTranslation = translationId;
        for (var serviceId = 1; serviceId <= services; serviceId++)
        {
            var organization = random.Next(organizationCount);
            var kind = ServiceKinds[random.Next(ServiceKinds.Length)];
            var home = random.NextDouble() < 0.5 ? organizationComuni[organization] : (random.NextDouble() < TuscanyShare ? tuscany : italy).Pick(random);
            var name = $"{kind} – {home.Name} {serviceId}";
            var languages = Languages(random);
            var groups = TargetGroups.Where(_ => random.NextDouble() < 0.25).DefaultIfEmpty("AllForeignResidents");
            var status = random.NextDouble() < 0.03 ? "TemporarilyClosed" : random.NextDouble() < 0.02 ? "Inactive" : "Active";
            await writer.ServiceAsync(
                serviceId, organization + 1, name, sentences[random.Next(sentences.Length)], status,
                "[" + string.Join(',', languages.Select(l => $"\"{l}\"")) + "]",
                "[" + string.Join(',', groups.Select(g => $"\"{g}\"")) + "]",
                random.NextDouble() < 0.8, cancellationToken).ConfigureAwait(false);

            var categoryCount = random.Next(1, 4);
            var firstCategory = random.Next(categories.Count);
            for (var k = 0; k < categoryCount; k++)
            {
                // Consecutive leaves of the taxonomy: distinct, and usually under the same parent, as real services are.
                await writer.ServiceCategoryAsync(serviceId, categories[(firstCategory + k) % categories.Count], cancellationToken).ConfigureAwait(false);
            }

            var places = random.NextDouble() < 0.3 ? 2 : 1;
            for (var p = 0; p < places; p++)
            {
                var comune = p == 0 ? home : (random.NextDouble() < TuscanyShare ? tuscany : italy).Pick(random);
                var (latitude, longitude) = Jitter(comune, random);
                await writer.LocationAsync(
                    ++locationId, organization + 1, $"Sede {streets[random.Next(streets.Length)]} – {comune.Name}", addresses[random.Next(addresses.Length)],
                    comune.PostalCode, comune.IstatCode, latitude, longitude, cancellationToken).ConfigureAwait(false);
                await writer.ServiceAtLocationAsync(++salId, serviceId, locationId, cancellationToken).ConfigureAwait(false);
                if (random.NextDouble() < 0.4)
                {
                    var afternoon = random.NextDouble() < 0.5;
                    foreach (var day in Days.Take(random.NextDouble() < 0.2 ? 6 : 5))
                    {
                        await writer.ScheduleAsync(++scheduleId, salId, day, "09:00:00", "13:00:00", cancellationToken).ConfigureAwait(false);
                        if (afternoon && day != "Saturday")
                        {
                            await writer.ScheduleAsync(++scheduleId, salId, day, "14:30:00", "17:30:00", cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }

            if (random.NextDouble() < 0.2)
            {
                await writer.TranslationAsync(++translationId, serviceId, "name", "en", $"{EnglishKind(kind)} – {home.Name} {serviceId}", cancellationToken).ConfigureAwait(false);
                await writer.TranslationAsync(++translationId, serviceId, "shortDescription", "en", "Service for foreign residents (generated for benchmarks).", cancellationToken).ConfigureAwait(false);
            }

            if (serviceId % 100_000 == 0)
            {
                progress($"{serviceId:N0} services ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken).ConfigureAwait(false);
        await connection.CloseAsync().ConfigureAwait(false);
        if (layout)
        {
            progress($"written in {clock.Elapsed.TotalSeconds:F0} s; laying the file out");
            await SqliteFileLayout.CopyAsync(full, target, cancellationToken: cancellationToken).ConfigureAwait(false);
            DeleteDatabase(full);
            progress($"laid out in {clock.Elapsed.TotalSeconds:F0} s");
        }

        return new GenerationResult(target, organizationCount, services, locationId, scheduleId, translationId - firstTranslation, clock.Elapsed, new FileInfo(target).Length);
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>Migrations and reference data exactly as the API's start-up does them, without demonstration data.</summary>
    private async Task InitializeAsync(string connectionString, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DataOptions.Section}:ConnectionString"] = connectionString,
            [$"{DataOptions.Section}:SeedDemoData"] = "false",
            [$"{DataOptions.Section}:SeedDirectory"] = seedDirectory,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDirectoryData(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<string> Languages(Random random)
    {
        var languages = new List<string> { "it" };
        var extra = random.Next(0, 4);
        while (languages.Count <= extra)
        {
            var language = OtherLanguages[random.Next(OtherLanguages.Length)];
            if (!languages.Contains(language))
            {
                languages.Add(language);
            }
        }

        return languages;
    }

    private static string EnglishKind(string kind) => kind switch
    {
        "Sportello immigrazione" => "Immigration desk",
        "Corsi di italiano" => "Italian courses",
        "Orientamento al lavoro" => "Job guidance",
        "Consulenza legale" => "Legal advice",
        "Mediazione culturale" => "Cultural mediation",
        _ => kind,
    };

    /// <summary>
    /// A point near the comune's centroid: uniform over a disc whose radius grows with the population (1 to 6 km), so
    /// cities spread over their area and villages stay compact.
    /// </summary>
    private static (double Latitude, double Longitude) Jitter(ComuneRow comune, Random random)
    {
        var radiusKm = Math.Clamp(1 + (Math.Sqrt(comune.Population) / 150), 1, 6);
        var distance = radiusKm * Math.Sqrt(random.NextDouble());
        var bearing = random.NextDouble() * 2 * Math.PI;
        var dLat = distance * Math.Cos(bearing) / 111.2;
        var dLon = distance * Math.Sin(bearing) / (111.2 * Math.Cos(comune.Latitude * Math.PI / 180));
        return (Math.Round(comune.Latitude + dLat, 6), Math.Round(comune.Longitude + dLon, 6));
    }

    private static async Task<List<ComuneRow>> LoadComuniAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c."IstatCode", c."Name", p."RegionIstatCode", COALESCE(c."Population", 1000), c."Latitude", c."Longitude", c."PostalCodes"
            FROM "Comuni" AS c JOIN "Provinces" AS p ON p."IstatCode" = c."ProvinceIstatCode"
            WHERE c."Latitude" IS NOT NULL AND c."Longitude" IS NOT NULL
            ORDER BY c."IstatCode"
            """;
        var list = new List<ComuneRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var postalCodes = reader.GetString(6);
            var postal = postalCodes.Trim('[', ']', '"').Split(',')[0].Trim('"');
            list.Add(new ComuneRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), Math.Max(1, reader.GetInt32(3)), reader.GetDouble(4), reader.GetDouble(5), postal));
        }

        if (list.Count == 0)
        {
            throw new InvalidOperationException("No comuni with coordinates were seeded; check the seed folder.");
        }

        return list;
    }

    private static async Task<List<int>> LoadLeafCategoriesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Id" FROM "Categories" AS c WHERE NOT EXISTS (SELECT 1 FROM "Categories" AS k WHERE k."ParentId" = c."Id") ORDER BY "Id" """;
        var list = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(reader.GetInt32(0));
        }

        return list;
    }

    private static async Task<int> MaxIdAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT COALESCE(MAX("Id"), 0) FROM "{table}" """;
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A comune as the generator needs it.</summary>
internal sealed record ComuneRow(string IstatCode, string Name, string Region, int Population, double Latitude, double Longitude, string PostalCode);

/// <summary>Picks comuni with probability proportional to their population.</summary>
internal sealed class WeightedPicker
{
    private readonly List<ComuneRow> _comuni;
    private readonly double[] _cumulative;

    public WeightedPicker(List<ComuneRow> comuni)
    {
        _comuni = comuni;
        _cumulative = new double[comuni.Count];
        double sum = 0;
        for (var i = 0; i < comuni.Count; i++)
        {
            sum += comuni[i].Population;
            _cumulative[i] = sum;
        }
    }

    public ComuneRow Pick(Random random)
    {
        var target = random.NextDouble() * _cumulative[^1];
        var index = Array.BinarySearch(_cumulative, target);
        return _comuni[Math.Min(index < 0 ? ~index : index, _comuni.Count - 1)];
    }
}
