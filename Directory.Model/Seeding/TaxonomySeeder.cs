using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Directory.Model.Common;
using Directory.Model.Data;
using Directory.Model.Taxonomy;
using Directory.Model.Translations;
using Microsoft.EntityFrameworkCore;

namespace Directory.Model.Seeding;

/// <summary>
/// Loads the service taxonomy from seed/reference/taxonomy.json: categories upserted by code, their English (or other)
/// names and descriptions upserted in the translation table. Idempotent: an unchanged file writes nothing.
/// Categories missing from the file are left alone, because codes are never reused and services may still point at them.
/// </summary>
public static partial class TaxonomySeeder
{
    public static async Task<int> SeedAsync(DirectoryDbContext db, string path, CancellationToken cancellationToken)
    {
        var document = SeedJson.Read<TaxonomyDocument>(path);
        var terms = Flatten(path, document);

        var written = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await db.Categories.AsTracking().ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
            foreach (var term in terms)
            {
                if (!stored.TryGetValue(term.Seed.Code, out var category))
                {
                    category = new Category { Code = term.Seed.Code, Source = Sources.Reference, ExternalId = term.Seed.Code };
                    db.Categories.Add(category);
                    stored[term.Seed.Code] = category;
                }

                category.Name = term.Seed.Name.Trim();
                category.Description = term.Seed.Description?.Trim();
                category.Position = term.Position;
                // Every category is tracked, so navigations are fixed up and setting Parent is enough to move a term.
                category.Parent = term.ParentCode is null ? null : stored[term.ParentCode];
            }

            written += await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);

            var translations = await db.Translations.AsTracking().Where(t => t.EntityType == nameof(Category))
                .ToDictionaryAsync(t => (t.EntityKey, t.Field, t.Language), cancellationToken).ConfigureAwait(false);
            foreach (var term in terms)
            {
                var key = stored[term.Seed.Code].Id.ToString(CultureInfo.InvariantCulture);
                foreach (var (language, fields) in term.Seed.Translations ?? [])
                {
                    foreach (var (field, text) in fields)
                    {
                        if (!translations.TryGetValue((key, field, language), out var translation))
                        {
                            translation = new Translation
                            {
                                EntityType = nameof(Category),
                                EntityKey = key,
                                Field = field,
                                Language = language,
                                SourceLanguage = "it",
                                Source = Sources.Reference,
                            };
                            db.Translations.Add(translation);
                        }
                        else if (translation.Source != Sources.Reference)
                        {
                            // An editor's own wording wins over the reference file.
                            continue;
                        }

                        translation.Text = text.Trim();
                        translation.IsMachineTranslated = false;
                    }
                }
            }

            written += await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }

        return written;
    }

    /// <summary>Checks the tree and lists its terms parents first, with their position among siblings.</summary>
    private static List<Term> Flatten(string path, TaxonomyDocument document)
    {
        var terms = new List<Term>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        Visit(document.Categories, parentCode: null);
        if (terms.Count == 0)
        {
            throw new SeedDataException($"{path}: the taxonomy has no categories");
        }

        return terms;

        void Visit(List<CategorySeed> siblings, string? parentCode)
        {
            for (var i = 0; i < siblings.Count; i++)
            {
                var seed = siblings[i];
                var at = new At(path, seed.Code, "");
                if (!CodePattern().IsMatch(seed.Code))
                {
                    throw at.Sub("code").Fail("codes are dot-separated lower-case segments of letters, digits and hyphens, e.g. education.italian-language");
                }

                var expectedPrefix = parentCode is null ? "" : parentCode + ".";
                if (!seed.Code.StartsWith(expectedPrefix, StringComparison.Ordinal) || seed.Code[expectedPrefix.Length..].Contains('.', StringComparison.Ordinal))
                {
                    throw at.Sub("code").Fail(parentCode is null
                        ? "a top-level code has a single segment"
                        : $"a child of '{parentCode}' must be coded '{parentCode}.<segment>'");
                }

                if (!codes.Add(seed.Code))
                {
                    throw at.Sub("code").Fail("the code is used twice");
                }

                at.Sub("name").Text(seed.Name);
                at.Sub("description").OptionalText(seed.Description);
                foreach (var (language, fields) in seed.Translations ?? [])
                {
                    var place = at.Sub($"translations.{language}");
                    place.Language(language);
                    if (language == "it")
                    {
                        throw place.Fail("names and descriptions on the category are already Italian");
                    }

                    foreach (var (field, text) in fields)
                    {
                        if (field is not ("name" or "description"))
                        {
                            throw place.Sub(field).Fail("a category translates only name and description");
                        }

                        if (field == "description" && seed.Description is null)
                        {
                            throw place.Sub(field).Fail("translates a description the category does not have");
                        }

                        place.Sub(field).Text(text);
                    }
                }

                terms.Add(new Term(seed, parentCode, i));
                Visit(seed.Children, seed.Code);
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)*$")]
    private static partial Regex CodePattern();

    private sealed record Term(CategorySeed Seed, string? ParentCode, int Position);
}

/// <summary>The taxonomy file: a tree of categories.</summary>
internal sealed record TaxonomyDocument
{
    [JsonPropertyName("$comment")]
    public string? Comment { get; init; }

    public required List<CategorySeed> Categories { get; init; }
}

/// <summary>One taxonomy term with its children and translations (language → name/description → text).</summary>
internal sealed record CategorySeed
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public Dictionary<string, Dictionary<string, string>>? Translations { get; init; }

    public List<CategorySeed> Children { get; init; } = [];
}
