using Directory.Model.Common;
using GraphQL.Types;

namespace Directory.Api.GraphQL.Common;

public sealed class PhoneGraphType : ObjectGraphType<Phone>
{
    public PhoneGraphType()
    {
        Name = "Phone";
        Description = "A telephone number (HSDS phone).";
        this.AddNodeId("Phone");
        Field(p => p.Number).Description("The number as dialled from Italy.");
        Field(p => p.Extension, nullable: true).Description("Extension.");
        Field<NonNullGraphType<PhoneTypeGraphType>, PhoneType>("type").Description("What the line is for.").Resolve(c => c.Source.Type);
        Field(p => p.Description, nullable: true).Description("When or what to call for.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IEnumerable<string>>("languages")
            .Description("Languages spoken on this line (BCP 47).").Resolve(c => c.Source.Languages);
        this.AddRecordFields();
    }
}

public sealed class SocialLinkGraphType : ObjectGraphType<SocialLink>
{
    public SocialLinkGraphType()
    {
        Name = "SocialLink";
        Description = "A profile on a social network or messaging channel.";
        Field(s => s.Platform).Description("Platform, lower case (facebook, instagram, telegram, whatsapp, youtube, x, tiktok, linkedin, other).");
        Field(s => s.Url).Description("Address of the profile or channel.");
    }
}
