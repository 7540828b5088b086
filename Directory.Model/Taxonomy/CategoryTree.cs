using Directory.Model.Data;
using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Taxonomy;

/// <summary>
/// The whole taxonomy in memory (a few dozen rows), to expand a category into its descendants for filtering and to
/// know how deep the tree is when counting services per category.
/// </summary>
public sealed class CategoryTree
{
    private readonly Dictionary<int, Category> _byId;
    private readonly Dictionary<string, Category> _byCode;
    private readonly ILookup<int?, Category> _children;

    private CategoryTree(IReadOnlyList<Category> categories)
    {
        _byId = categories.ToDictionary(c => c.Id);
        _byCode = categories.ToDictionary(c => c.Code, StringComparer.Ordinal);
        _children = categories.ToLookup(c => c.ParentId);
        Depth = _children[null].Select(c => DepthOf(c, 1)).DefaultIfEmpty(0).Max();
    }

    /// <summary>How many levels the tree has (1 when every category is at the top).</summary>
    public int Depth { get; }

    /// <summary>Reads every category, untracked.</summary>
    public static async Task<CategoryTree> LoadAsync(DirectoryDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return new CategoryTree(categories);
    }

    /// <summary>The category with this code, or null.</summary>
    public Category? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>The category with this id, or null.</summary>
    public Category? Find(int id) => _byId.GetValueOrDefault(id);

    /// <summary>The ids of <paramref name="category"/> and of all categories below it.</summary>
    public IReadOnlyList<int> SubtreeIds(Category category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var ids = new List<int>();
        var pending = new Stack<Category>([category]);
        while (pending.TryPop(out var next))
        {
            // A cycle would be a data error; the visited check keeps it from looping forever.
            if (ids.Contains(next.Id))
            {
                continue;
            }

            ids.Add(next.Id);
            foreach (var child in _children[next.Id])
            {
                pending.Push(child);
            }
        }

        return ids;
    }

    private int DepthOf(Category category, int level) =>
        level > _byId.Count ? level : _children[category.Id].Select(c => DepthOf(c, level + 1)).DefaultIfEmpty(level).Max();
}
