using System.Text;
using System.Text.Json;
using Directory.Benchmarks.Generating;

namespace Directory.Benchmarks.Running;

/// <summary>How a run measures; <c>Rounds</c>: a scenario with a raw SQL baseline is measured in that many rounds, HTTP and raw SQL in turn.</summary>
internal sealed record RunSettings(int Requests, int Warmup, int Concurrency, string ApiDll, int Seed, IReadOnlyList<string> Only, int Rounds);

/// <summary>The figures of one scenario on one database.</summary>
internal sealed record ScenarioResult(Scenario Scenario, Measurement? Http, Measurement? Raw, long? Statements, string? Note);

/// <summary>The figures of one database.</summary>
internal sealed record DatabaseResult(string Database, long Bytes, long Services, GenerationResult? Generation, IReadOnlyList<ScenarioResult> Scenarios);

/// <summary>
/// For each database: starts the API on it, finds which scenarios this build supports, checks once that the API and raw
/// SQL give the same near-me answer, then measures each scenario over HTTP (and the raw baseline where there is one)
/// and asks once, alone, how many SQL statements a request ran. Where there is a raw baseline, both are warmed up and
/// then measured in alternating rounds (HTTP, raw, HTTP, raw, ...), so that both see the same machine: other load comes
/// and goes over minutes, and a baseline measured after the API (or before it) was measured under other conditions.
/// </summary>
internal sealed class BenchmarkRunner(RunSettings settings, Action<string> log)
{
    public async Task<BenchmarkReport> RunAsync(IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        var results = new List<DatabaseResult>();
        var failed = false;
        foreach (var database in databases)
        {
            if (!File.Exists(database))
            {
                throw new FileNotFoundException($"No database at {database}; create it with `generate`.", database);
            }

            log($"== {database}");
            var (result, ok) = await RunOneAsync(database, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            failed |= !ok;
        }

        return new BenchmarkReport(settings, results, failed);
    }

    private async Task<(DatabaseResult Result, bool Ok)> RunOneAsync(string database, CancellationToken cancellationToken)
    {
        var centres = Scenario.Centres(settings.Seed, settings.Warmup + settings.Requests);
        var generation = GenerationInfo.Read(database);
        long services;
        using (var raw = new RawNearMe(database))
        {
            services = raw.CountServices();
        }

        var ok = true;
        var scenarios = new List<ScenarioResult>();
        await using var api = await ApiProcess.StartAsync(settings.ApiDll, database, cancellationToken).ConfigureAwait(false);
        using var client = new GraphQLClient(api.BaseAddress);
        var features = await SchemaFeatures.DetectAsync(client, cancellationToken).ConfigureAwait(false);
        foreach (var scenario in Scenario.All.Where(s => settings.Only.Count == 0 || settings.Only.Contains(s.Name, StringComparer.OrdinalIgnoreCase)))
        {
            if (!scenario.Available(features))
            {
                log($"{scenario.Name}: not available in this build");
                scenarios.Add(new ScenarioResult(scenario, null, null, null, "not available in this build"));
                continue;
            }

            var query = scenario.Query(features);
            string? note = null;
            var raws = Enumerable.Range(0, settings.Concurrency).Select(_ => scenario.RawBaseline ? new RawNearMe(database) : null).ToList();
            try
            {
                if (scenario.RawBaseline)
                {
                    note = await VerifyAsync(client, query, raws[0]!, centres, cancellationToken).ConfigureAwait(false);
                    ok &= note.StartsWith("same", StringComparison.Ordinal);
                    log($"{scenario.Name}: {note}");
                }

                var requests = centres.Select(c => LoadConnection.Request(api.BaseAddress, GraphQLClient.Body(query, scenario.Variables(c)))).ToList();
                using var connections = new LoadConnections(api.BaseAddress, settings.Concurrency);
                await connections.EnsureSameAsHttpClientAsync(client, GraphQLClient.Body(query, scenario.Variables(centres[0])), cancellationToken).ConfigureAwait(false);
                Func<int, int, Task> overHttp = (worker, i) =>
                {
                    var (status, body) = connections[worker].Send(requests[i]);
                    GraphQLClient.EnsureData(status, body.Span);
                    return Task.CompletedTask;
                };
                Measurement http;
                Measurement? rawMeasurement = null;
                if (scenario.RawBaseline)
                {
                    Func<int, int, Task> bySql = (worker, i) =>
                    {
                        var c = centres[i];
                        raws[worker]!.Query(c.Latitude, c.Longitude, Scenario.RadiusKm, Scenario.PageSize);
                        return Task.CompletedTask;
                    };
                    (http, rawMeasurement) = await InterleavedAsync(api, overHttp, bySql).ConfigureAwait(false);
                }
                else
                {
                    http = await Measurement.RunAsync(settings.Warmup, settings.Requests, settings.Concurrency, () => api.ProcessorTime, overHttp).ConfigureAwait(false);
                }

                log($"{scenario.Name}: HTTP {http.RequestsPerSecond:F0} req/s, p50 {http.P50Ms:F2} ms, p95 {http.P95Ms:F2} ms, p99 {http.P99Ms:F2} ms, API CPU {http.CpuMsPerRequest:F2} ms/request, client CPU {http.ClientCpuMsPerRequest:F2} ms/request");
                if (rawMeasurement is not null)
                {
                    log($"{scenario.Name}: raw SQL {rawMeasurement.RequestsPerSecond:F0} req/s, p50 {rawMeasurement.P50Ms:F2} ms, p95 {rawMeasurement.P95Ms:F2} ms, p99 {rawMeasurement.P99Ms:F2} ms, CPU {rawMeasurement.CpuMsPerRequest:F2} ms/request");
                }

                // Alone, so no other request's statements can mix in (the count is per request anyway).
                var statements = (await client.QueryAsync(query, scenario.Variables(centres[0]), cancellationToken).ConfigureAwait(false)).Statements;
                scenarios.Add(new ScenarioResult(scenario, http, rawMeasurement, statements, note));
            }
            catch (InvalidOperationException e)
            {
                log($"{scenario.Name}: FAILED {e.Message}");
                scenarios.Add(new ScenarioResult(scenario, null, null, null, "failed: " + e.Message));
                ok = false;
            }
            finally
            {
                foreach (var r in raws)
                {
                    r?.Dispose();
                }
            }
        }

        return (new DatabaseResult(database, new FileInfo(database).Length, services, generation, scenarios), ok);
    }

    /// <summary>
    /// Warms up the API and the raw baseline, then measures them in <see cref="RunSettings.Rounds"/> alternating rounds
    /// over the same requests (round k of each covers the same centres).
    /// </summary>
    private async Task<(Measurement Http, Measurement Raw)> InterleavedAsync(ApiProcess api, Func<int, int, Task> overHttp, Func<int, int, Task> bySql)
    {
        await Measurement.WarmUpAsync(settings.Warmup, settings.Concurrency, overHttp).ConfigureAwait(false);
        await Measurement.WarmUpAsync(settings.Warmup, settings.Concurrency, bySql).ConfigureAwait(false);
        var rounds = Math.Clamp(settings.Rounds, 1, Math.Max(1, settings.Requests)); // no empty rounds
        var httpRounds = new List<Measurement.Round>();
        var rawRounds = new List<Measurement.Round>();
        for (var k = 0; k < rounds; k++)
        {
            var first = settings.Requests * k / rounds;
            var count = (settings.Requests * (k + 1) / rounds) - first;
            httpRounds.Add(await Measurement.RoundAsync(settings.Warmup + first, count, settings.Concurrency, () => api.ProcessorTime, overHttp).ConfigureAwait(false));
            rawRounds.Add(await Measurement.RoundAsync(settings.Warmup + first, count, settings.Concurrency, () => Environment.CpuUsage.TotalTime, bySql).ConfigureAwait(false));
        }

        return (Measurement.Combine(httpRounds), Measurement.Combine(rawRounds));
    }

    /// <summary>Compares, at a few centres, the API's page with the raw SQL one: same ids in the same order, same distances and nested fields.</summary>
    private static async Task<string> VerifyAsync(GraphQLClient client, string query, RawNearMe raw, IReadOnlyList<Centre> centres, CancellationToken cancellationToken)
    {
        var checkedCentres = 0;
        var services = 0;
        foreach (var centre in centres.Take(12))
        {
            var data = (await client.QueryAsync(query, Scenario.All[0].Variables(centre), cancellationToken).ConfigureAwait(false)).Data;
            var edges = data["services"]!["edges"]!.AsArray();
            var expected = raw.Query(centre.Latitude, centre.Longitude, Scenario.RadiusKm, Scenario.PageSize);
            if (edges.Count != expected.Count)
            {
                return $"DIFFERENT at {centre.City}: API {edges.Count} services, raw SQL {expected.Count}";
            }

            foreach (var (edge, service) in edges.Zip(expected))
            {
                var node = edge!["node"]!;
                var id = DecodeId(node["id"]!.GetValue<string>());
                var same = id == service.Id
                    && Math.Abs(edge["distanceKm"]!.GetValue<double>() - service.DistanceKm) < 1e-9
                    && node["name"]!.GetValue<string>() == service.Name
                    && node["languages"]!.AsArray().Select(l => l!.GetValue<string>()).SequenceEqual(service.Languages)
                    && node["categories"]!.AsArray().Select(c => c!["code"]!.GetValue<string>()).SequenceEqual(service.Categories.Select(c => c.Code))
                    && node["locations"]!.AsArray().Select(l => l!["comune"]!["name"]!.GetValue<string>()).SequenceEqual(service.Locations.Select(l => l.Comune));
                if (!same)
                {
                    return $"DIFFERENT at {centre.City}: API service {id}, raw SQL service {service.Id}";
                }
            }

            checkedCentres++;
            services += edges.Count;
        }

        return $"same answers at {checkedCentres} centres ({services} services: ids, order, distances, nested fields)";
    }

    private static int DecodeId(string id)
    {
        // Global IDs are base64url("Type:key") without padding.
        var base64 = id.Replace('-', '+').Replace('_', '/');
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
        return int.Parse(text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The generator's record of how a database was made, kept beside it as <c>FILE.json</c>.</summary>
internal static class GenerationInfo
{
    public static void Write(GenerationResult result) =>
        File.WriteAllText(result.Database + ".json", JsonSerializer.Serialize(result));

    public static GenerationResult? Read(string database)
    {
        var path = Path.GetFullPath(database) + ".json";
        return File.Exists(path) ? JsonSerializer.Deserialize<GenerationResult>(File.ReadAllText(path)) : null;
    }
}
