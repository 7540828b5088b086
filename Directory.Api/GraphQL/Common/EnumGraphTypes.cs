using Directory.Model.Common;
using GraphQL.Types;

namespace Directory.Api.GraphQL.Common;

public sealed class ServiceStatusGraphType : EnumerationGraphType<ServiceStatus>
{
    public ServiceStatusGraphType()
    {
        Name = "ServiceStatus";
        Description = "Whether a service can be used now.";
    }
}

public sealed class TargetGroupGraphType : EnumerationGraphType<TargetGroup>
{
    public TargetGroupGraphType()
    {
        Name = "TargetGroup";
        Description = "A group of people a service or procedure is meant for.";
    }
}

public sealed class OrganizationKindGraphType : EnumerationGraphType<OrganizationKind>
{
    public OrganizationKindGraphType()
    {
        Name = "OrganizationKind";
        Description = "The kind of body an organization is.";
    }
}

public sealed class PhoneTypeGraphType : EnumerationGraphType<PhoneType>
{
    public PhoneTypeGraphType()
    {
        Name = "PhoneType";
        Description = "What a telephone number is for (HSDS phone.type).";
    }
}

public sealed class ProcedureStatusGraphType : EnumerationGraphType<ProcedureStatus>
{
    public ProcedureStatusGraphType()
    {
        Name = "ProcedureStatus";
        Description = "Editorial status of a procedure guide. The public sees only published and archived guides.";
    }
}

public sealed class ActivityKindGraphType : EnumerationGraphType<ActivityKind>
{
    public ActivityKindGraphType()
    {
        Name = "ActivityKind";
        Description = "What an association does.";
    }
}

public sealed class CouncilKindGraphType : EnumerationGraphType<CouncilKind>
{
    public CouncilKindGraphType()
    {
        Name = "CouncilKind";
        Description = "The form a representative body of foreign residents takes.";
    }
}

public sealed class CouncilStatusGraphType : EnumerationGraphType<CouncilStatus>
{
    public CouncilStatusGraphType()
    {
        Name = "CouncilStatus";
        Description = "Whether a representative council is working.";
    }
}

public sealed class CouncilRoleGraphType : EnumerationGraphType<CouncilRole>
{
    public CouncilRoleGraphType()
    {
        Name = "CouncilRole";
        Description = "Role of a member in a representative council.";
    }
}

public sealed class CouncilEventKindGraphType : EnumerationGraphType<CouncilEventKind>
{
    public CouncilEventKindGraphType()
    {
        Name = "CouncilEventKind";
        Description = "Whether a council event is a formal sitting or another activity.";
    }
}

public sealed class CoordinateQualityGraphType : EnumerationGraphType<CoordinateQuality>
{
    public CoordinateQualityGraphType()
    {
        Name = "CoordinateQuality";
        Description = "How a location's coordinates were obtained.";
    }
}

public sealed class DayOfWeekGraphType : EnumerationGraphType
{
    public DayOfWeekGraphType()
    {
        Name = "DayOfWeek";
        Description = "A day of the week (ISO 8601 order, Monday first).";
        Add("MONDAY", DayOfWeek.Monday, "Monday (lunedì).");
        Add("TUESDAY", DayOfWeek.Tuesday, "Tuesday (martedì).");
        Add("WEDNESDAY", DayOfWeek.Wednesday, "Wednesday (mercoledì).");
        Add("THURSDAY", DayOfWeek.Thursday, "Thursday (giovedì).");
        Add("FRIDAY", DayOfWeek.Friday, "Friday (venerdì).");
        Add("SATURDAY", DayOfWeek.Saturday, "Saturday (sabato).");
        Add("SUNDAY", DayOfWeek.Sunday, "Sunday (domenica).");
    }
}

public sealed class SortDirectionGraphType : EnumerationGraphType<Model.Common.SortDirection>
{
    public SortDirectionGraphType()
    {
        Name = "SortDirection";
        Description = "Ascending or descending order.";
    }
}
