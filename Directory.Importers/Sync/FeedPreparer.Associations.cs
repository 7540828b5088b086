namespace Directory.Importers.Sync;

/// <summary>Checks of association records: duplicates, territory codes, and the headquarters like any location.</summary>
public sealed partial class FeedPreparer
{
    private readonly Dictionary<string, int> _seenAssociations = new(StringComparer.Ordinal);

    private void AddAssociation(int row, ImportedAssociation association)
    {
        var problems = new List<ImportProblem>();
        var id = association.ExternalId;
        if (!_seenAssociations.TryAdd(id, row))
        {
            problems.Add(new ImportProblem(id, "id", $"duplicate association id '{id}' (first at row {_seenAssociations[id]})"));
        }

        foreach (var code in association.AreaCodes.Where(c => c.Length is not (2 or 3 or 6) || !c.All(char.IsAsciiDigit)))
        {
            problems.Add(new ImportProblem(id, "areas", $"'{code}' is not an ISTAT code of a region (2 digits), province (3) or comune (6)"));
        }

        foreach (var community in association.Communities.Where(c => c.Length != 2 || !c.All(char.IsAsciiLetterUpper)))
        {
            problems.Add(new ImportProblem(id, "communities", $"'{community}' is not an ISO 3166-1 alpha-2 country code"));
        }

        var ids = new List<string> { id };
        MatchedComune? headquarters = null;
        if (association.Headquarters is { } location)
        {
            headquarters = CheckLocation(row, location, "location", problems);
            ids.Add(location.ExternalId);
        }

        Commit(row, problems, ids, () =>
        {
            Feed.Associations[id] = association;
            if (association.Headquarters is { } hq)
            {
                Feed.Locations[hq.ExternalId] = (hq, headquarters!, null);
            }
        });
    }
}
