using Directory.Api.GraphQL.Loaders;
using Directory.Model.Common;
using GraphQL;
using GraphQL.DataLoader;
using Microsoft.EntityFrameworkCore;

namespace Directory.Api.GraphQL.Common;

/// <summary>Who a phone belongs to.</summary>
public enum PhoneOwner
{
    Organization,
    Service,
    Location,
    ServiceAtLocation,
    Association,
    Council,
}

public static class PhoneLoaders
{
    /// <summary>The phones of many owners of one kind in one statement.</summary>
    public static IDataLoaderResult<IReadOnlyList<Phone>> LoadPhones(this IResolveFieldContext context, PhoneOwner owner, int id) =>
        context.Loaders().Many<int, Phone>(
            "phones:" + owner,
            (db, ids, ct) => (owner switch
            {
                PhoneOwner.Organization => db.Phones.Where(p => p.OrganizationId != null && ids.Contains(p.OrganizationId.Value)),
                PhoneOwner.Service => db.Phones.Where(p => p.ServiceId != null && ids.Contains(p.ServiceId.Value)),
                PhoneOwner.Location => db.Phones.Where(p => p.LocationId != null && ids.Contains(p.LocationId.Value)),
                PhoneOwner.ServiceAtLocation => db.Phones.Where(p => p.ServiceAtLocationId != null && ids.Contains(p.ServiceAtLocationId.Value)),
                PhoneOwner.Association => db.Phones.Where(p => p.AssociationId != null && ids.Contains(p.AssociationId.Value)),
                _ => db.Phones.Where(p => p.CouncilId != null && ids.Contains(p.CouncilId.Value)),
            }).OrderBy(p => p.Id).ToListAsync(ct),
            p => (owner switch
            {
                PhoneOwner.Organization => p.OrganizationId,
                PhoneOwner.Service => p.ServiceId,
                PhoneOwner.Location => p.LocationId,
                PhoneOwner.ServiceAtLocation => p.ServiceAtLocationId,
                PhoneOwner.Association => p.AssociationId,
                _ => p.CouncilId,
            })!.Value)
        .Load(id);

    /// <summary>Adds a <c>phones</c> list field.</summary>
    public static void AddPhonesField<T>(this global::GraphQL.Types.ObjectGraphType<T> type, PhoneOwner owner, Func<T, int> id) =>
        type.Field<global::GraphQL.Types.NonNullGraphType<global::GraphQL.Types.ListGraphType<global::GraphQL.Types.NonNullGraphType<PhoneGraphType>>>, IEnumerable<Phone>>("phones")
            .Description("Telephone numbers.")
            .ResolveLoader(c => c.LoadPhones(owner, id(c.Source)));
}
