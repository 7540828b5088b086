using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using Directory.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Schedules;

public sealed class OpenNowApiTests(DirectoryApiFactory api) : IClassFixture<DirectoryApiFactory>
{
    private const string Query = """
        query($id: ID!, $at: DateTime!) {
          service(id: $id) {
            openNow(at: $at) nextOpening(at: $at)
            serviceAtLocations { openNow(at: $at) nextOpening(at: $at) }
          }
        }
        """;

    [Fact]
    public async Task Open_now_and_next_opening_follow_weekly_hours_exceptions_and_holidays_in_rome_time()
    {
        var (id, _) = await SeedAsync();

        // Monday 23 November 2026, 10:00 in Rome (09:00 UTC): open.
        var open = (await api.Query(Query, new { id, at = "2026-11-23T09:00:00Z" })).Ok()["service"]!;
        Assert.True(open["openNow"]!.GetValue<bool>());
        Assert.True(open["serviceAtLocations"]![0]!["openNow"]!.GetValue<bool>());
        Assert.Equal("2026-11-23T15:00:00+01:00", open["nextOpening"]!.GetValue<string>());

        // 13:30 in Rome: the morning desk has closed; the afternoon desk opens at 15:00.
        var lunch = (await api.Query(Query, new { id, at = "2026-11-23T12:30:00Z" })).Ok()["service"]!;
        Assert.False(lunch["openNow"]!.GetValue<bool>());
        Assert.Equal("2026-11-23T15:00:00+01:00", lunch["nextOpening"]!.GetValue<string>());

        // Monday 30 November is a closed exception day at the first place; the second place is closed on that date too.
        var exception = (await api.Query(Query, new { id, at = "2026-11-30T09:00:00Z" })).Ok()["service"]!;
        Assert.False(exception["openNow"]!.GetValue<bool>());
        Assert.Equal("2026-12-07T09:00:00+01:00", exception["nextOpening"]!.GetValue<string>());

        // Easter Monday 2027 (29 March), 10:00 summer time (08:00 UTC): a holiday, closed.
        var easter = (await api.Query(Query, new { id, at = "2027-03-29T08:00:00Z" })).Ok()["service"]!;
        Assert.False(easter["openNow"]!.GetValue<bool>());
        Assert.Equal("2027-04-05T09:00:00+02:00", easter["nextOpening"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2026-11-23T09:00:00Z", 1)] // Monday 10:00: the day desk
    [InlineData("2026-11-23T12:30:00Z", 0)] // Monday 13:30: between the desks
    [InlineData("2026-11-23T14:30:00Z", 1)] // Monday 15:30: the afternoon desk
    [InlineData("2026-11-30T09:00:00Z", 0)] // closed exception day
    [InlineData("2027-03-29T08:00:00Z", 0)] // Easter Monday
    [InlineData("2026-11-27T22:30:00Z", 1)] // Friday 23:30: the night desk
    [InlineData("2026-11-28T00:30:00Z", 1)] // Saturday 01:30: the night desk, past midnight
    [InlineData("2026-11-28T01:30:00Z", 0)] // Saturday 02:30: closed
    public async Task The_open_at_filter_agrees_with_the_opening_fields(string at, int expected)
    {
        var (_, org) = await SeedAsync();
        var data = (await api.Query(
            "query($org: ID!, $at: DateTime!) { services(filter: { organization: $org, openAt: $at }) { totalCount nodes { openNow(at: $at) } } }",
            new { org, at })).Ok();
        Assert.Equal(expected, data["services"]!["totalCount"]!.GetValue<int>());
        Assert.All(data["services"]!["nodes"]!.AsArray(), n => Assert.True(n!["openNow"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Open_now_false_and_open_now_with_open_at_are_rejected()
    {
        Assert.Equal("BAD_USER_INPUT", (await api.Query("{ services(filter: { openNow: false }) { totalCount } }")).ErrorCode());
        Assert.Equal("BAD_USER_INPUT", (await api.Query("{ services(filter: { openNow: true, openAt: \"2026-11-23T09:00:00Z\" }) { totalCount } }")).ErrorCode());
        var now = (await api.Query("{ services(filter: { openNow: true }) { totalCount } }")).Ok();
        Assert.True(now["services"]!["totalCount"]!.GetValue<int>() >= 0);
    }

    /// <summary>Each test seeds its own organization, so tests never see each other's rows.</summary>
    private async Task<(string Service, string Organization)> SeedAsync()
    {
        var factory = api.Services.GetRequiredService<IDbContextFactory<DirectoryDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var organization = new Organization { Name = "Opening hours test organization", Kind = OrganizationKind.Other, Source = "test" };
        var morning = new ServiceAtLocation
        {
            Location = new Location { Name = "Morning desk", ComuneIstatCode = "048017", Source = "test" },
            Source = "test",
            Schedules = [new Schedule { DayOfWeek = DayOfWeek.Monday, Opens = new TimeOnly(9, 0), Closes = new TimeOnly(13, 0), Source = "test" }],
            SpecialHours = [new SpecialHours { Date = new DateOnly(2026, 11, 30), Closed = true, Reason = "Chiusura straordinaria", Source = "test" }],
        };
        var afternoon = new ServiceAtLocation
        {
            Location = new Location { Name = "Afternoon desk", ComuneIstatCode = "048017", Source = "test" },
            Source = "test",
            Schedules = [new Schedule { DayOfWeek = DayOfWeek.Monday, Opens = new TimeOnly(15, 0), Closes = new TimeOnly(17, 0), Source = "test" }],
            SpecialHours = [new SpecialHours { Date = new DateOnly(2026, 11, 30), Closed = true, Reason = "Chiusura straordinaria", Source = "test" }],
        };
        var service = new Service { Name = "Opening hours test service", Organization = organization, Source = "test", ServiceAtLocations = [morning, afternoon] };
        var night = new Service
        {
            Name = "Night desk test service",
            Organization = organization,
            Source = "test",
            ServiceAtLocations =
            [
                new ServiceAtLocation
                {
                    Location = new Location { Name = "Night desk", ComuneIstatCode = "048017", Source = "test" },
                    Source = "test",
                    Schedules = [new Schedule { DayOfWeek = DayOfWeek.Friday, Opens = new TimeOnly(22, 0), Closes = new TimeOnly(2, 0), Source = "test" }],
                },
            ],
        };
        db.Services.AddRange(service, night);
        await db.SaveChangesAsync();
        return (
            global::Directory.Api.GraphQL.Relay.GlobalId.Encode("Service", service.Id),
            global::Directory.Api.GraphQL.Relay.GlobalId.Encode("Organization", organization.Id));
    }
}
