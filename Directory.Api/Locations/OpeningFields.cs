using Directory.Api.GraphQL.Loaders;
using Directory.Model.Locations;
using Directory.Model.Schedules;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.Locations;

/// <summary>Weekly hours and special days of one or more service-at-location records.</summary>
public sealed record Opening(IReadOnlyList<Schedule> Weekly, IReadOnlyList<SpecialHours> Special)
{
    public static readonly Opening None = new([], []);
}

/// <summary><c>openNow</c> and <c>nextOpening</c>, computed in Italian local time from weekly hours, special days and national holidays.</summary>
public static class OpeningFields
{
    /// <summary>Hours of service-at-location records, two statements per batch.</summary>
    public static IDataLoaderResult<IReadOnlyList<(int ServiceAtLocationId, Opening Opening)>> LoadOpening(this IResolveFieldContext context, int serviceAtLocationId) =>
        context.Loaders().Many<int, (int, Opening)>("openingOfServiceAtLocation", async (db, ids, ct) =>
        {
            var weekly = await db.Schedules.Where(s => ids.Contains(s.ServiceAtLocationId)).ToListAsync(ct);
            var special = await db.SpecialHours.Where(s => ids.Contains(s.ServiceAtLocationId)).ToListAsync(ct);
            return ids.Select(id => (id, new Opening(
                weekly.Where(s => s.ServiceAtLocationId == id).ToList(),
                special.Where(s => s.ServiceAtLocationId == id).ToList()))).ToList();
        }, x => x.Item1).Load(serviceAtLocationId);

    /// <summary>Hours of every place of a service, two statements per batch.</summary>
    public static IDataLoaderResult<IReadOnlyList<(int ServiceId, Opening Opening)>> LoadServiceOpening(this IResolveFieldContext context, int serviceId) =>
        context.Loaders().Many<int, (int, Opening)>("openingOfService", async (db, ids, ct) =>
        {
            var weekly = await db.Schedules
                .Join(db.ServiceAtLocations.Where(l => ids.Contains(l.ServiceId)), s => s.ServiceAtLocationId, l => l.Id, (s, l) => new { l.ServiceId, Schedule = s })
                .ToListAsync(ct);
            var special = await db.SpecialHours
                .Join(db.ServiceAtLocations.Where(l => ids.Contains(l.ServiceId)), s => s.ServiceAtLocationId, l => l.Id, (s, l) => new { l.ServiceId, Special = s })
                .ToListAsync(ct);
            // One Opening per place, so hours of different places never mix.
            var weeklyByPlace = weekly.ToLookup(w => w.Schedule.ServiceAtLocationId, w => w.Schedule);
            var specialByPlace = special.ToLookup(s => s.Special.ServiceAtLocationId, s => s.Special);
            return weekly.Select(w => (w.ServiceId, Place: w.Schedule.ServiceAtLocationId))
                .Concat(special.Select(s => (s.ServiceId, Place: s.Special.ServiceAtLocationId)))
                .Distinct()
                .Select(p => (p.ServiceId, new Opening(weeklyByPlace[p.Place].ToList(), specialByPlace[p.Place].ToList())))
                .ToList();
        }, x => x.Item1).Load(serviceId);

    /// <summary>Adds <c>openNow(at)</c> and <c>nextOpening(at)</c>; <paramref name="load"/> gives the hours of each place.</summary>
    public static void AddOpeningFields<T>(this ObjectGraphType<T> type, string what, Func<IResolveFieldContext<T>, IDataLoaderResult<IReadOnlyList<(int, Opening)>>> load)
    {
        type.Field<NonNullGraphType<BooleanGraphType>, bool>("openNow")
            .Description($"Whether {what} is open now (or at `at`), in Italian local time, from the weekly hours, special days and national holidays (Easter Monday included; patron saints' days only when recorded as special days).")
            .Argument<DateTimeGraphType>("at", "Another moment to ask about (ISO 8601 with offset, e.g. 2026-12-24T10:00:00+01:00).")
            .ResolveLoader(c =>
            {
                var local = LocalTime(c);
                return load(c).Then(places => places.Any(p => OpeningHours.IsOpen(local, p.Item2.Weekly, p.Item2.Special)));
            });
        type.Field<DateTimeOffsetGraphType, DateTimeOffset?>("nextOpening")
            .Description($"When {what} next opens after now (or after `at`), as Italian local time with its offset; null when no opening is known in the next 31 days.")
            .Argument<DateTimeGraphType>("at", "Another moment to count from (ISO 8601 with offset).")
            .ResolveLoader(c =>
            {
                var local = LocalTime(c);
                return load(c).Then(places => places
                    .Select(p => OpeningHours.NextOpening(local, p.Item2.Weekly, p.Item2.Special))
                    .Where(t => t is not null)
                    .Select(t => (DateTimeOffset?)OpeningHours.InRome(t!.Value))
                    .Min());
            });
    }

    private static DateTime LocalTime(IResolveFieldContext context)
    {
        var at = context.GetArgument<DateTime?>("at");
        if (at is { } given)
        {
            var utc = given.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(given, DateTimeKind.Utc) : given.ToUniversalTime();
            return TimeZoneInfo.ConvertTimeFromUtc(utc, OpeningHours.Rome);
        }

        return OpeningHours.LocalNow(context.RequestServices!.GetRequiredService<TimeProvider>());
    }
}
