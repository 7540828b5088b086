using System.Data.Common;
using Directory.Model.Data;
using Directory.Model.Services;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Performance;

/// <summary>
/// SQLite's plan for a page of services in name order walks the name index and stops at the end of the page. With an
/// index on the status alone (three values) it read every listed service through that index and sorted them all for
/// each page; that index is gone (migration DropServiceStatusIndex).
/// </summary>
public sealed class QueryPlanTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    public static TheoryData<string?> Comuni => new() { null, "048017" };

    [Theory]
    [MemberData(nameof(Comuni))]
    public async Task A_page_of_services_in_name_order_walks_the_name_index_without_sorting(string? comune)
    {
        await using var db = await api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync();
        var page = new ServiceFilter { ComuneIstatCode = comune }.Apply(db.Services).OrderBy(s => s.Name).ThenBy(s => s.Id).Take(21);

        var plan = await PlanAsync(db, page);

        Assert.Contains(plan, step => step.Contains("IX_Services_Name", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE FOR ORDER BY", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("IX_Services_Listed", StringComparison.Ordinal));
    }

    /// <summary>The steps of SQLite's plan for the query, as EXPLAIN QUERY PLAN describes them.</summary>
    private static async Task<List<string>> PlanAsync<T>(DirectoryDbContext db, IQueryable<T> query)
    {
        await db.Database.OpenConnectionAsync();
        await using DbCommand command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }
}
