using Directory.Model.Common;

namespace Directory.Model.Procedures;

/// <summary>Which procedures to list.</summary>
public sealed record ProcedureFilter(IReadOnlyList<ProcedureStatus> Statuses, IReadOnlyList<TargetGroup>? TargetGroups = null, int? ServiceId = null)
{
    public IQueryable<Procedure> Apply(IQueryable<Procedure> procedures, IQueryable<ProcedureService> links)
    {
        var statuses = Statuses;
        procedures = procedures.Where(p => statuses.Contains(p.Status));
        if (TargetGroups is { Count: > 0 } groups)
        {
            procedures = procedures.Where(p => p.TargetGroups.Any(g => groups.Contains(g)));
        }

        if (ServiceId is { } service)
        {
            procedures = procedures.Where(p => links.Any(l => l.ProcedureId == p.Id && l.ServiceId == service));
        }

        return procedures;
    }
}
