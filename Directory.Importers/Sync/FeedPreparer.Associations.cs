using static Directory.Importers.Sync.SyncEngine;

namespace Directory.Importers.Sync;

/// <summary>Checks of association records: duplicates, territory codes, and the headquarters like any location.</summary>
public sealed partial class FeedPreparer
{
    private void CheckAssociation(int row, ImportedAssociation association)
    {
        var problems = new List<ImportProblem>();
        var id = association.ExternalId;

        // Only the first row of an id matters (a later one is a duplicate whatever it says): nothing else is kept.
        if (scratch.FirstRecord(AssociationType, id, row, []) is { } first)
        {
            problems.Add(new ImportProblem(id, "id", $"duplicate association id '{id}' (first at row {first.Row})"));
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
        (bool First, byte[] Canonical) checkedHeadquarters = default;
        if (association.Headquarters is { } location)
        {
            checkedHeadquarters = CheckLocation(row, location, "location", problems);
            ids.Add(location.ExternalId);
        }

        if (Conclude(row, problems, ids))
        {
            Classify(row, Association(association) & (association.Headquarters is not { } headquarters || Location(headquarters, checkedHeadquarters, ownerOrganizationId, true)));
        }
    }

    /// <summary>Adds an association that passed the check, with its headquarters among the batch's locations.</summary>
    private void AcceptAssociation(ImportedAssociation association, PreparedFeed batch)
    {
        batch.Associations[association.ExternalId] = association;
        if (association.Headquarters is { } headquarters)
        {
            batch.Locations.TryAdd(headquarters.ExternalId, (headquarters, comuni.Match(headquarters.Comune).Comune!, null));
        }
    }
}
