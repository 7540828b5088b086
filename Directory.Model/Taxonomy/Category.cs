using Directory.Model.Common;

namespace Directory.Model.Taxonomy;

/// <summary>A term of the Directory's hierarchical service taxonomy (HSDS taxonomy_term).</summary>
public sealed class Category : Entity
{
    /// <summary>Stable code, e.g. <c>education.italian-language</c>. Never reused.</summary>
    public string Code { get; set; } = "";

    /// <summary>Name in Italian; translations live in the translation table.</summary>
    public string Name { get; set; } = "";

    /// <summary>Description in Italian.</summary>
    public string? Description { get; set; }

    public int? ParentId { get; set; }

    public Category? Parent { get; set; }

    /// <summary>Position among siblings.</summary>
    public int Position { get; set; }

    public List<Category> Children { get; set; } = [];
}
