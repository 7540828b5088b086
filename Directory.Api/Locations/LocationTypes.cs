using System.Globalization;
using Directory.Api.Geography;
using Directory.Api.GraphQL;
using Directory.Api.GraphQL.Common;
using Directory.Api.GraphQL.Loaders;
using Directory.Api.GraphQL.Localization;
using Directory.Api.Organizations;
using Directory.Api.Services;
using Directory.Model.Common;
using Directory.Model.Geography;
using Directory.Model.Locations;
using Directory.Model.Organizations;
using Directory.Model.Services;
using GraphQL.Types;

namespace Directory.Api.Locations;

public sealed class LocationGraphType : ObjectGraphType<Location>
{
    public static readonly Translatable<Location> Translatable = new("Location", l => l.Id.ToString(CultureInfo.InvariantCulture), l => l.Language, [nameof(Location.Id), nameof(Location.Language)]);

    public LocationGraphType()
    {
        Name = "Location";
        Description = "A place where services are delivered, with its address (HSDS location and address).";
        this.AddNodeId("Location");
        this.LocalizedField(Translatable, "name", l => l.Name, "Name of the place.", nonNull: true);
        this.LocalizedField(Translatable, "description", l => l.Description, "Description of the place and how to find it.");
        Field<DateTimeGraphType, DateTime?>("withdrawnAt")
            .Description("When its source feed stopped listing it (UTC). Withdrawn records are kept, not deleted, and are left out of lists unless `includeWithdrawn` is set; null while current.")
            .Resolve(c => c.Source.WithdrawnAt).Reads(nameof(Location.WithdrawnAt));
        Field(l => l.AddressLine1, nullable: true).Description("Street and number.").Reads(nameof(Location.AddressLine1));
        Field(l => l.AddressLine2, nullable: true).Description("Building, floor, room.").Reads(nameof(Location.AddressLine2));
        Field(l => l.PostalCode, nullable: true).Description("Postal code (CAP).").Reads(nameof(Location.PostalCode));
        Field<NonNullGraphType<ComuneGraphType>, Comune>("comune").Description("The comune the place is in.")
            .ResolveLoader(c => c.LoadComune(c.Source.ComuneIstatCode).Then(x => x!)).Reads(nameof(Location.ComuneIstatCode));
        Field(l => l.Latitude, nullable: true).Description("Latitude (WGS84 degrees).").Reads(nameof(Location.Latitude));
        Field(l => l.Longitude, nullable: true).Description("Longitude (WGS84 degrees).").Reads(nameof(Location.Longitude));
        Field<NonNullGraphType<CoordinateQualityGraphType>, CoordinateQuality>("coordinateQuality")
            .Description("How the coordinates were obtained; `COMUNE_CENTROID` means only the comune is known.").Resolve(c => c.Source.CoordinateQuality).Reads(nameof(Location.CoordinateQuality));
        this.LocalizedField(Translatable, "accessibility", l => l.Accessibility, "Accessibility of the place, in words.");
        Field(l => l.WheelchairAccessible, nullable: true).Description("Whether a wheelchair user can get in unaided; null when unknown.").Reads(nameof(Location.WheelchairAccessible));
        this.LocalizedField(Translatable, "transportation", l => l.Transportation, "Public transport to reach the place.");
        Field<OrganizationGraphType, Organization>("organization").Description("The organization that runs the place, when known.")
            .ResolveLoader(c => c.Source.OrganizationId is { } id ? c.LoadOrganization(id) : null).Reads(nameof(Location.OrganizationId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceAtLocationGraphType>>>, IEnumerable<ServiceAtLocation>>("serviceAtLocations")
            .Description("The services delivered here, each with its hours here.")
            .ResolveLoader(c => c.LoadServiceAtLocationsOfLocation(c.Source.Id)).Reads(nameof(Location.Id));
        this.AddPhonesField(PhoneOwner.Location, l => l.Id);
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public sealed class ServiceAtLocationGraphType : ObjectGraphType<ServiceAtLocation>
{
    public static readonly Translatable<ServiceAtLocation> Translatable = new("ServiceAtLocation", s => s.Id.ToString(CultureInfo.InvariantCulture), _ => "it");

    public ServiceAtLocationGraphType()
    {
        Name = "ServiceAtLocation";
        Description = "A service delivered at one place, with its opening hours there (HSDS service_at_location).";
        this.AddNodeId("ServiceAtLocation");
        Field<NonNullGraphType<ServiceGraphType>, Service>("service").Description("The service.")
            .ResolveLoader(c => c.LoadService(c.Source.ServiceId).Then(s => s!));
        Field<NonNullGraphType<LocationGraphType>, Location>("location").Description("The place.")
            .ResolveLoader(c => c.LoadLocation(c.Source.LocationId).Then(l => l!));
        this.LocalizedField(Translatable, "description", s => s.Description, "What is particular about the service here.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScheduleGraphType>>>, IEnumerable<Schedule>>("schedules")
            .Description("Weekly opening hours, Monday first (local time, Europe/Rome).")
            .ResolveLoader(c => c.LoadSchedules(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SpecialHoursGraphType>>>, IEnumerable<SpecialHours>>("specialHours")
            .Description("Exceptions to the weekly hours: closed days and days with special hours, by date.")
            .ResolveLoader(c => c.LoadSpecialHours(c.Source.Id));
        this.AddOpeningFields("the service at this place", c => c.LoadOpening(c.Source.Id));
        this.AddPhonesField(PhoneOwner.ServiceAtLocation, s => s.Id);
        this.TranslationFields(Translatable);
        this.AddRecordFields();
    }
}

public sealed class ScheduleGraphType : ObjectGraphType<Schedule>
{
    public ScheduleGraphType()
    {
        Name = "Schedule";
        Description = "One opening interval on one day of the week.";
        this.AddNodeId("Schedule");
        Field<NonNullGraphType<DayOfWeekGraphType>, DayOfWeek>("dayOfWeek").Description("Day of the week.").Resolve(c => c.Source.DayOfWeek);
        Field<NonNullGraphType<TimeOnlyGraphType>, TimeOnly>("opens").Description("Opening time, local time in Europe/Rome (ISO 8601, e.g. `09:00:00`).").Resolve(c => c.Source.Opens);
        Field<NonNullGraphType<TimeOnlyGraphType>, TimeOnly>("closes").Description("Closing time, local time in Europe/Rome; earlier than `opens` means past midnight.").Resolve(c => c.Source.Closes);
        Field<DateOnlyGraphType, DateOnly?>("validFrom").Description("First day these hours apply, when limited (ISO 8601 date).").Resolve(c => c.Source.ValidFrom);
        Field<DateOnlyGraphType, DateOnly?>("validTo").Description("Last day these hours apply, when limited (ISO 8601 date).").Resolve(c => c.Source.ValidTo);
        Field(s => s.Note, nullable: true).Description("Note, e.g. \"by appointment only\".");
        this.AddRecordFields();
    }
}

public sealed class SpecialHoursGraphType : ObjectGraphType<SpecialHours>
{
    public SpecialHoursGraphType()
    {
        Name = "SpecialHours";
        Description = "A day that departs from the weekly hours: closed, or open at special hours.";
        this.AddNodeId("SpecialHours");
        Field<NonNullGraphType<DateOnlyGraphType>, DateOnly>("date").Description("The day (ISO 8601 date).").Resolve(c => c.Source.Date);
        Field(s => s.Closed).Description("Whether the place is closed all day.");
        Field<TimeOnlyGraphType, TimeOnly?>("opens").Description("Special opening time, when open.").Resolve(c => c.Source.Opens);
        Field<TimeOnlyGraphType, TimeOnly?>("closes").Description("Special closing time, when open.").Resolve(c => c.Source.Closes);
        Field(s => s.Reason, nullable: true).Description("Why, e.g. \"Festa del patrono\".");
        this.AddRecordFields();
    }
}
