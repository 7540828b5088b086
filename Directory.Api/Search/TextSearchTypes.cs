using System.ComponentModel;
using Directory.Model.Search;
using GraphQL.Types;

namespace Directory.Api.Search;

/// <summary>How a list is ordered when it is searched near a point.</summary>
public enum SearchRanking
{
    [Description("Nearest first (ties by id); the default with `near`.")]
    Distance,
    [Description("Most relevant first (names count more than descriptions; ties by id); the default without `near`.")]
    Relevance,
}

public sealed class SearchRankingGraphType : EnumerationGraphType<SearchRanking>
{
    public SearchRankingGraphType()
    {
        Name = "SearchRanking";
        Description = "How search results are ordered.";
    }
}

public sealed class TextSearchModeGraphType : EnumerationGraphType<TextSearchMode>
{
    public TextSearchModeGraphType()
    {
        Name = "SearchMode";
        Description = "How a `search` matched the listed records.";
    }
}
