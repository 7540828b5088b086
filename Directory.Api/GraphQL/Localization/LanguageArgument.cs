using Directory.Api.GraphQL.Errors;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace Directory.Api.GraphQL.Localization;

/// <summary>The <c>lang</c> argument root fields take.</summary>
public static class LanguageArgument
{
    public const string Description = "Preferred language for texts (BCP 47, e.g. \"en\", \"fr\", \"ar\"). Without it, the Accept-Language header decides; Italian is the fallback.";

    /// <remarks>
    /// No default value: <see cref="LanguagePreference.For"/> answers documents that never mention <c>lang</c> without
    /// looking for it, which a default would make wrong.
    /// </remarks>
    public static FieldBuilder<TSource, TReturn> LangArgument<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.Argument<StringGraphType>(LanguagePreference.ArgumentName, Description);

    /// <summary>Rejects a malformed tag up front, so a typo is not silently answered in Italian.</summary>
    public static void Validate(IResolveFieldContext context)
    {
        var lang = context.GetArgument<string?>(LanguagePreference.ArgumentName);
        if (lang is not null && !LanguageTag.IsValid(lang))
        {
            throw DirectoryError.BadInput(LanguagePreference.ArgumentName, $"'lang' must be a BCP 47 language tag such as \"en\" or \"zh-Hans\"; got \"{lang}\".");
        }
    }
}
