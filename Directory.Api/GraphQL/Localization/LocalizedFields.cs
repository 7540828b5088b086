using Directory.Api.GraphQL.Loaders;
using Directory.Model.Translations;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Builders;
using GraphQL.Types;

namespace Directory.Api.GraphQL.Localization;

/// <summary>
/// How a type declares that its records can be translated: the entity type name used in the translation
/// table, the record's key and the language of its stored texts; <paramref name="Reads"/>, when given, the properties
/// <paramref name="Key"/> and <paramref name="Language"/> read (so its fields can declare what they read, see
/// <see cref="EntityProjection"/>).
/// </summary>
public sealed record Translatable<T>(string EntityType, Func<T, string> Key, Func<T, string> Language, IReadOnlyList<string>? Reads = null);

public static class LocalizedFields
{
    /// <summary>
    /// A human-readable text field answered in the caller's language: a translation when one exists for a
    /// preferred language, otherwise the stored original (Italian unless the record says otherwise).
    /// </summary>
    public static FieldBuilder<T, object> LocalizedField<T>(
        this ObjectGraphType<T> type, Translatable<T> translatable, string name, System.Linq.Expressions.Expression<Func<T, string?>> text, string description, bool nonNull = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var original = text.Compile();
        var field = nonNull
            ? type.Field<NonNullGraphType<StringGraphType>, object>(name)
            : type.Field<StringGraphType, object>(name);
        if (translatable.Reads is { } reads && text.Body is System.Linq.Expressions.MemberExpression { Expression: System.Linq.Expressions.ParameterExpression } member)
        {
            field.Reads([.. reads, member.Member.Name]);
        }

        return field
            .Description(description + " Translated into the requested language when a translation exists (see `lang`).")
            .Resolve(context =>
            {
                var text = original(context.Source);
                if (text is null)
                {
                    return null;
                }

                var preferences = LanguagePreference.For(context);
                var language = translatable.Language(context.Source);
                if (LanguageTag.Matches(language, preferences[0]))
                {
                    return text;
                }

                return context.LoadTranslations(translatable.EntityType, translatable.Key(context.Source))
                    .Then(all => LanguagePreference.Pick(preferences, text, language, ForField(all, name)).Text);
            });
    }

    /// <summary>Adds <c>language</c>, <c>availableLanguages</c> and <c>translations</c> to a translatable type.</summary>
    public static void TranslationFields<T>(this ObjectGraphType<T> type, Translatable<T> translatable)
    {
        var reads = translatable.Reads is { } declared ? (Action<FieldType>)(f => f.Reads(declared)) : _ => { };
        reads(type.Field<NonNullGraphType<StringGraphType>, string>("language")
            .Description("Language of the texts as stored (BCP 47); other languages come from translations.")
            .Resolve(c => translatable.Language(c.Source)).FieldType);
        reads(type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IEnumerable<string>>("availableLanguages")
            .Description("Languages this object's texts can be read in: the stored language first, then those with at least one translation.")
            .ResolveLoader(c => c.LoadTranslations(translatable.EntityType, translatable.Key(c.Source))
                .Then(all => (IEnumerable<string>)new[] { translatable.Language(c.Source) }
                    .Concat(all.Select(t => t.Language).Order(StringComparer.Ordinal)).Distinct().ToList())).FieldType);
        reads(type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TranslationGraphType>>>, IEnumerable<Translation>>("translations")
            .Description("Every translation of this object's texts, for editors and for clients that show several languages side by side.")
            .Argument<StringGraphType>("language", "Only translations into this language (BCP 47).")
            .ResolveLoader(c =>
            {
                var only = c.GetArgument<string?>("language");
                return c.LoadTranslations(translatable.EntityType, translatable.Key(c.Source))
                    .Then(all => (IEnumerable<Translation>)all
                        .Where(t => only is null || LanguageTag.Matches(t.Language, LanguageTag.Normalize(only)))
                        .OrderBy(t => t.Field, StringComparer.Ordinal).ThenBy(t => t.Language, StringComparer.Ordinal).ToList());
            }).FieldType);
    }

    private static Dictionary<string, string> ForField(IReadOnlyList<Translation> all, string field) =>
        all.Where(t => t.Field == field).ToDictionary(t => t.Language, t => t.Text, StringComparer.OrdinalIgnoreCase);
}

/// <summary>One translated text.</summary>
public sealed class TranslationGraphType : ObjectGraphType<Translation>
{
    public TranslationGraphType()
    {
        Name = "Translation";
        Description = "A translation of one text field of an object into one language.";
        Field(t => t.Field).Description("The field translated, as named in this API (e.g. `description`).");
        Field(t => t.Language).Description("Language of the text (BCP 47).");
        Field(t => t.Text).Description("The translated text.");
        Field(t => t.SourceLanguage).Description("Language it was translated from.");
        Field("machineTranslated", t => t.IsMachineTranslated).Description("Whether a machine produced it without human review.");
        Field(t => t.UpdatedAt, type: typeof(NonNullGraphType<DateTimeGraphType>)).Description("When the translation last changed.");
    }
}
