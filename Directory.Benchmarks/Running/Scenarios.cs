using System.Text.Json.Nodes;

namespace Directory.Benchmarks.Running;

/// <summary>A point to search around.</summary>
internal readonly record struct Centre(string City, double Latitude, double Longitude);

/// <summary>What this build of the schema offers beyond the basics (features other branches add).</summary>
internal sealed record SchemaFeatures(bool Search, bool Facets)
{
    private const string Introspection = """
        {
          query: __type(name: "Query") { fields { name args { name } } }
          connection: __type(name: "ServiceConnection") { fields { name } }
        }
        """;

    /// <summary>Asks the API by introspection whether <c>services(search:)</c> and <c>ServiceConnection.facets</c> exist.</summary>
    public static async Task<SchemaFeatures> DetectAsync(GraphQLClient client, CancellationToken cancellationToken)
    {
        var data = (await client.QueryAsync(Introspection, null, cancellationToken).ConfigureAwait(false)).Data;
        var services = data["query"]!["fields"]!.AsArray().FirstOrDefault(f => f!["name"]!.GetValue<string>() == "services");
        var search = services?["args"]!.AsArray().Any(a => a!["name"]!.GetValue<string>() == "search") ?? false;
        var facets = data["connection"]!["fields"]!.AsArray().FirstOrDefault(f => f!["name"]!.GetValue<string>() == "facets");
        return new SchemaFeatures(search, facets is not null);
    }
}

/// <summary>
/// A measured request shape: its GraphQL text (which may depend on the schema's features), its variables for a centre,
/// the feature it needs (null: always there), and whether raw SQL computes the same answer as a baseline.
/// </summary>
internal sealed record Scenario(string Name, string Description, Func<SchemaFeatures, string> Query, Func<Centre, object> Variables, string? Requires = null, bool RawBaseline = false)
{
    /// <summary>Radius of the near-me scenarios.</summary>
    public const double RadiusKm = 10;

    /// <summary>Page size of the near-me scenarios.</summary>
    public const int PageSize = 20;

    public const string NearMeName = "near-me";

    private const string NearMeQuery = """
        query NearMe($near: Near!, $first: Int!) {
          services(near: $near, first: $first) {
            edges {
              distanceKm
              node {
                id name languages
                categories { code name }
                locations { name latitude longitude comune { name } }
              }
            }
          }
        }
        """;

    /// <summary>The scenarios, in order. Add one here to measure it; features not in the schema are reported as such.</summary>
    public static IReadOnlyList<Scenario> All { get; } =
    [
        new(NearMeName, "20 nearest services within 10 km with categories, languages and locations (vs raw SQL)", _ => NearMeQuery, Near, RawBaseline: true),
        new("near-me + totalCount", "The same page also counting every service within 10 km", _ => """
            query NearMeCount($near: Near!, $first: Int!) {
              services(near: $near, first: $first) { totalCount edges { distanceKm node { id name } } }
            }
            """, Near),
        new("nested page", "20 services of a comune with organization, categories, places, comune and schedules (no near)", _ => """
            query NestedPage($comune: String!) {
              services(first: 20, filter: { comune: $comune }) {
                nodes {
                  id name languages
                  organization { name kind }
                  categories { code name }
                  serviceAtLocations { location { name addressLine1 latitude longitude comune { name } } schedules { dayOfWeek opens closes } }
                }
              }
            }
            """, c => new { comune = ComuneOf(c.City) }),
        new("search + near", "services(search: \"italiano\", near: 10 km), 20 nearest matches", _ => """
            query SearchNear($near: Near!, $first: Int!) {
              services(search: "italiano", near: $near, first: $first) { edges { distanceKm node { id name } } }
            }
            """, Near, Requires: "search"),
        new("search + near by relevance", "The same, the 20 most relevant matches within 10 km (every match within the radius ranked)", _ => """
            query SearchNearByRelevance($near: Near!, $first: Int!) {
              services(search: "italiano", near: $near, first: $first, rankBy: RELEVANCE) { edges { distanceKm node { id name } } }
            }
            """, Near, Requires: "search"),
        new("facets + near", "A filter sidebar: every facet of services speaking Arabic within 10 km, with the first 20 of them", _ => """
            query FacetsNear($near: Near!) {
              services(near: $near, filter: { languages: ["ar"] }, first: 20) {
                totalCount
                nodes { id name }
                facets {
                  categories { code name parentCode count }
                  provinces { istatCode name count }
                  comuni(first: 20) { istatCode name count }
                  languages { tag count }
                  targetGroups { targetGroup count }
                  free paid wheelchairAccessible
                }
              }
            }
            """, c => new { near = NearInput(c) }, Requires: "facets"),
    ];

    /// <summary>Centres of the main Tuscan towns, each moved by up to 3 km at random (the same for a given seed), to six decimals.</summary>
    public static IReadOnlyList<Centre> Centres(int seed, int count)
    {
        (string City, double Latitude, double Longitude)[] cities =
        [
            ("Firenze", 43.7793, 11.2463), ("Prato", 43.8806, 11.0966), ("Livorno", 43.5485, 10.3106), ("Pisa", 43.7160, 10.4019),
            ("Arezzo", 43.4633, 11.8796), ("Pistoia", 43.9331, 10.9170), ("Lucca", 43.8429, 10.5027), ("Grosseto", 42.7635, 11.1124),
            ("Massa", 44.0354, 10.1397), ("Siena", 43.3188, 11.3308), ("Empoli", 43.7186, 10.9466), ("Viareggio", 43.8657, 10.2513),
        ];
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var (city, lat, lon) = cities[i % cities.Length];
            var distance = 3 * Math.Sqrt(random.NextDouble());
            var bearing = random.NextDouble() * 2 * Math.PI;
            return new Centre(city, Math.Round(lat + (distance * Math.Cos(bearing) / 111.2), 6), Math.Round(lon + (distance * Math.Sin(bearing) / (111.2 * Math.Cos(lat * Math.PI / 180))), 6));
        })];
    }

    public bool Available(SchemaFeatures features) => Requires switch
    {
        null => true,
        "search" => features.Search,
        "facets" => features.Facets,
        _ => false,
    };

    private static object Near(Centre c) => new { near = NearInput(c), first = PageSize };

    private static object NearInput(Centre c) => new { latitude = c.Latitude, longitude = c.Longitude, radiusKm = RadiusKm };

    private static string ComuneOf(string city) => city switch
    {
        "Firenze" => "048017",
        "Prato" => "100005",
        "Livorno" => "049009",
        "Pisa" => "050026",
        "Arezzo" => "051002",
        "Pistoia" => "047014",
        "Lucca" => "046017",
        "Grosseto" => "053011",
        "Massa" => "045010",
        "Siena" => "052032",
        "Empoli" => "048014",
        "Viareggio" => "046033",
        _ => "048017",
    };
}
