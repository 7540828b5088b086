using System.ComponentModel;

namespace Directory.Model.Common;

/// <summary>Whether a service can be used now (HSDS service.status).</summary>
public enum ServiceStatus
{
    [Description("Running normally.")]
    Active,
    [Description("Closed for now, expected to reopen.")]
    TemporarilyClosed,
    [Description("No longer offered.")]
    Inactive,
}

/// <summary>Groups of people a service or procedure is meant for.</summary>
public enum TargetGroup
{
    [Description("Minors of foreign nationality.")]
    ForeignMinors,
    [Description("Foreign minors in Italy without parents or guardians (MSNA).")]
    UnaccompaniedMinors,
    [Description("People who have applied for international protection.")]
    AsylumSeekers,
    [Description("Holders of refugee status, subsidiary or special protection.")]
    RefugeesAndProtectionHolders,
    [Description("Holders of a residence permit (permesso di soggiorno).")]
    PermitHolders,
    [Description("Families, including those reuniting.")]
    Families,
    [Description("Women, including women alone with children.")]
    Women,
    [Description("Workers and job seekers.")]
    Workers,
    [Description("Students, including university students.")]
    Students,
    [Description("Older people.")]
    Elderly,
    [Description("Victims of trafficking and exploitation.")]
    VictimsOfTrafficking,
    [Description("Any foreign resident.")]
    AllForeignResidents,
}

/// <summary>The kind of body an organization is.</summary>
public enum OrganizationKind
{
    [Description("A region's administration (e.g. Regione Toscana).")]
    Regione,
    [Description("A municipality.")]
    Comune,
    [Description("A Prefettura - Ufficio territoriale del Governo (hosts the Sportello Unico per l'Immigrazione).")]
    Prefettura,
    [Description("A Questura (police headquarters; issues residence permits).")]
    Questura,
    [Description("A school or adult-education centre (CPIA).")]
    School,
    [Description("A public job centre (Centro per l'impiego).")]
    JobCentre,
    [Description("A health authority (Azienda USL) or hospital.")]
    HealthAuthority,
    [Description("An association or voluntary organization.")]
    Association,
    [Description("A social cooperative.")]
    Cooperative,
    [Description("Any other body.")]
    Other,
}

/// <summary>HSDS phone.type.</summary>
public enum PhoneType
{
    [Description("Voice line.")]
    Voice,
    [Description("Fax.")]
    Fax,
    [Description("Text messages (SMS).")]
    Text,
    [Description("Mobile phone.")]
    Cell,
    [Description("Video calls.")]
    Video,
    [Description("Pager.")]
    Pager,
    [Description("Textphone for deaf and hard-of-hearing people.")]
    Textphone,
}

/// <summary>Editorial status of a procedure guide.</summary>
public enum ProcedureStatus
{
    [Description("Being written; not public.")]
    Draft,
    [Description("Waiting for an editor's review; not public.")]
    InReview,
    [Description("Public and current.")]
    Published,
    [Description("No longer current; kept for reference.")]
    Archived,
}

/// <summary>What an association does.</summary>
public enum ActivityKind
{
    [Description("Culture and intercultural events.")]
    Culture,
    [Description("Language courses (Italian or mother tongue).")]
    LanguageCourses,
    [Description("Legal information and assistance.")]
    LegalHelp,
    [Description("Linguistic and cultural mediation.")]
    Mediation,
    [Description("Activities for women.")]
    Women,
    [Description("Activities for young people.")]
    Youth,
    [Description("Sport.")]
    Sport,
    [Description("Religious activities.")]
    Religion,
    [Description("Social support and welfare.")]
    Welfare,
    [Description("Work and job search.")]
    Work,
    [Description("Housing.")]
    Housing,
    [Description("Health.")]
    Health,
    [Description("Education and after-school support.")]
    Education,
    [Description("Other activities.")]
    Other,
}

/// <summary>The form a representative body of foreign residents takes.</summary>
public enum CouncilKind
{
    [Description("A Consiglio degli stranieri: an elected council of foreign residents.")]
    Council,
    [Description("A Consulta: a consultative body of foreign residents and associations.")]
    Consultation,
    [Description("A consigliere aggiunto: a foreign resident sitting in the municipal council without vote.")]
    AdditionalCouncillor,
}

/// <summary>Whether a representative council is working.</summary>
public enum CouncilStatus
{
    [Description("Working.")]
    Active,
    [Description("Established by an act but not yet elected or convened.")]
    BeingEstablished,
    [Description("Temporarily not working.")]
    Suspended,
    [Description("Its term has ended without renewal.")]
    Expired,
    [Description("Abolished.")]
    Dissolved,
}

/// <summary>Role of a member in a representative council.</summary>
public enum CouncilRole
{
    [Description("President.")]
    President,
    [Description("Vice-president.")]
    VicePresident,
    [Description("Secretary.")]
    Secretary,
    [Description("Member.")]
    Member,
    [Description("Consigliere aggiunto.")]
    AdditionalCouncillor,
}

/// <summary>Whether a council event is a formal sitting or another activity.</summary>
public enum CouncilEventKind
{
    [Description("A formal sitting.")]
    Meeting,
    [Description("Another activity (event, campaign, consultation).")]
    Activity,
}

/// <summary>How a location's coordinates were obtained.</summary>
public enum CoordinateQuality
{
    [Description("Coordinates of the address itself.")]
    Exact,
    [Description("No coordinates were given: the centre of the comune stands in.")]
    ComuneCentroid,
    [Description("Origin of the coordinates unknown.")]
    Unknown,
}

/// <summary>Order of a sorted list.</summary>
public enum SortDirection
{
    [Description("Ascending (A to Z, oldest first).")]
    Asc,
    [Description("Descending (Z to A, newest first).")]
    Desc,
}
