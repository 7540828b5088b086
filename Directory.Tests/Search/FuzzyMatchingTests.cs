using Directory.Model.Search;

namespace Directory.Tests.Search;

/// <summary>The rule of approximate search, word by word, and how search text is split into words.</summary>
public sealed class FuzzyMatchingTests
{
    [Theory]
    [InlineData("italaino", "italiano", true)] // two letters swapped
    [InlineData("prefetura", "prefettura", true)] // a letter dropped
    [InlineData("permeso", "permesso", true)]
    [InlineData("ital", "italiano", true)] // a prefix
    [InlineData("itla", "italiano", true)] // a misspelt prefix (one edit at four letters)
    [InlineData("questra", "questura", true)]
    [InlineData("sogiorno", "soggiorno", true)]
    [InlineData("ita", "ital", true)]
    [InlineData("itx", "italiano", false)] // three letters: no edits allowed
    [InlineData("lavro", "lavoro", true)]
    [InlineData("lavxyz", "lavoro", false)]
    [InlineData("pizza", "lavoro", false)]
    public void A_term_is_close_to_a_word_within_the_allowed_edits_of_its_start(string term, string word, bool close)
    {
        Assert.Equal(close, SqliteTextSearch.IsClose(term, word));
    }

    [Fact]
    public void Every_term_must_be_close_to_some_word()
    {
        Assert.True(SqliteTextSearch.Matches(["italaino", "adulti"], "Corsi di italiano per adulti stranieri"));
        Assert.True(SqliteTextSearch.Matches(["citta"], "Ufficio della Città"));
        Assert.False(SqliteTextSearch.Matches(["italaino", "bambini"], "Corsi di italiano per adulti stranieri"));
    }

    [Fact]
    public void Search_text_is_split_into_words_and_syntax_is_dropped()
    {
        Assert.True(SearchTerms.TryParse("\"corsi\" AND (ital*) -NEAR: l'italiano corsi", out var terms, out _));
        Assert.Equal(["corsi", "AND", "ital", "NEAR", "l", "italiano"], terms.Terms);
        Assert.Equal("\"corsi\"* \"AND\"* \"ital\"* \"NEAR\"* \"l\"* \"italiano\"*", SqliteTextSearch.MatchExpression(terms));
    }

    [Fact]
    public void Trigram_candidates_come_from_terms_of_three_letters_or_more()
    {
        Assert.True(SearchTerms.TryParse("Città di", out var terms, out _));
        Assert.Equal("\"cit\" OR \"itt\" OR \"tta\"", SqliteTextSearch.TrigramExpression(terms));
        Assert.True(SearchTerms.TryParse("a di", out var shortTerms, out _));
        Assert.Null(SqliteTextSearch.TrigramExpression(shortTerms));
    }
}
