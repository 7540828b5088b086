using System.Globalization;
using System.Text;
using Directory.Model.Common;

namespace Directory.Model.Search;

/// <summary>
/// The words of a search, as the user typed them: runs of letters and digits. Everything else (spaces, punctuation,
/// quotes, <c>*</c>, <c>-</c>, <c>:</c>, brackets) only separates words, and words such as <c>AND</c>, <c>OR</c>,
/// <c>NOT</c> or <c>NEAR</c> are searched for like any other, so user text never reaches a search engine as syntax.
/// </summary>
public sealed class SearchTerms
{
    /// <summary>Longest search text accepted, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>Most words a search may have.</summary>
    public const int MaxTerms = 16;

    private SearchTerms(IReadOnlyList<string> terms) => Terms = terms;

    /// <summary>The words, in the order typed, each once, as typed (case and accents kept; the engine folds them).</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>The words folded for comparison: lower case, without accents.</summary>
    public IReadOnlyList<string> Folded => [.. Terms.Select(TextFolding.Fold)];

    /// <summary>Reads a search text; on bad input returns false with a message for the user.</summary>
    public static bool TryParse(string? text, out SearchTerms terms, out string error)
    {
        terms = new SearchTerms([]);
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "'search' must contain at least one word.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"'search' may be at most {MaxLength} characters long; got {text.Length}.";
            return false;
        }

        var words = Words(text).Where(w => TextFolding.Fold(w).Any(char.IsLetterOrDigit)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (words.Count == 0)
        {
            error = "'search' has no letters or digits to search for.";
            return false;
        }

        if (words.Count > MaxTerms)
        {
            error = $"'search' may have at most {MaxTerms} words; got {words.Count}.";
            return false;
        }

        terms = new SearchTerms(words);
        error = "";
        return true;
    }

    /// <summary>Runs of letters, digits and combining marks: the same words the index's tokenizer sees.</summary>
    public static IEnumerable<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (IsWordChar(c))
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    private static bool IsWordChar(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.PrivateUse => true,
        _ => false,
    };
}
