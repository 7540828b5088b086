using Directory.Model.Data;
using Directory.Model.Importing;
using Directory.Tests.ApiTests;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Importing;

public sealed class ImportRunQueryTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    [Fact]
    public async Task ImportRuns_lists_runs_newest_first_with_counts_and_rejected_rows()
    {
        await using (var db = await api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>().CreateDbContextAsync())
        {
            db.ImportSources.Add(new ImportSource { Id = "query-test", Name = "Query test", Format = ImportFormat.Csv, Path = "/tmp/x.csv" });
            db.ImportRuns.Add(new ImportRun { SourceId = "query-test", StartedAt = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc), Status = ImportRunStatus.Succeeded, RowsRead = 3, Created = 3 });
            db.ImportRuns.Add(new ImportRun
            {
                SourceId = "query-test",
                StartedAt = new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc),
                Status = ImportRunStatus.Succeeded,
                RowsRead = 3,
                Unchanged = 2,
                Rejected = 1,
                Errors = [new ImportRunError { Row = 3, ExternalId = "B2", Field = "location.comune", Message = "no comune is named 'Atlantide'" }],
            });
            await db.SaveChangesAsync();
        }

        var data = (await api.Query("""{ importRuns(source: "query-test") { totalCount nodes { source status rowsRead created unchanged rejected errors { row field message } } } }""")).Ok();

        Assert.Equal(2, data["importRuns"]!["totalCount"]!.GetValue<int>());
        var nodes = data.Nodes("importRuns");
        Assert.Equal([0, 3], nodes.Select(n => n!["created"]!.GetValue<int>()));
        var newest = nodes[0]!;
        Assert.Equal(("query-test", "SUCCEEDED", 1), (newest.Text("source"), newest.Text("status"), newest["rejected"]!.GetValue<int>()));
        var error = Assert.Single(newest["errors"]!.AsArray())!;
        Assert.Equal((3, "location.comune", "no comune is named 'Atlantide'"), (error["row"]!.GetValue<int>(), error.Text("field"), error.Text("message")));

        var failed = (await api.Query("""{ importRuns(source: "query-test", status: [FAILED]) { totalCount } }""")).Ok();
        Assert.Equal(0, failed["importRuns"]!["totalCount"]!.GetValue<int>());
    }
}
