using System.Globalization;
using System.Text;
using Directory.Api.GraphQL.Errors;
using GraphQL;
using Microsoft.AspNetCore.WebUtilities;

namespace Directory.Api.GraphQL.Paging;

/// <summary>
/// Relay paging arguments, validated. Cursors are opaque; today they carry a position in the ordered list,
/// which is stable for a given filter and order (ties are broken by id).
/// </summary>
public sealed record PageRequest(int? First, int? After, int? Last, int? Before, bool WantsTotalCount)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static PageRequest From(IResolveFieldContext context)
    {
        var first = context.GetArgument<int?>("first");
        var last = context.GetArgument<int?>("last");
        CheckSize(first, "first");
        CheckSize(last, "last");
        if (first is null && last is null)
        {
            first = DefaultPageSize;
        }

        // By field name, not response key: `total: totalCount` must count too.
        var wantsTotal = context.Selects("totalCount");
        return new PageRequest(
            first,
            DecodeCursor(context.GetArgument<string?>("after"), "after"),
            last,
            DecodeCursor(context.GetArgument<string?>("before"), "before"),
            wantsTotal);
    }

    public static string EncodeCursor(int position) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("cursor:" + position.ToString(CultureInfo.InvariantCulture)));

    private static void CheckSize(int? size, string argument)
    {
        if (size is < 1 or > MaxPageSize)
        {
            throw DirectoryError.BadInput(argument, $"'{argument}' must be between 1 and {MaxPageSize}; got {size}.");
        }
    }

    private static int? DecodeCursor(string? cursor, string argument)
    {
        if (cursor is null)
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
            if (text.StartsWith("cursor:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                return position;
            }
        }
        catch (FormatException)
        {
        }

        throw DirectoryError.BadInput(argument, $"'{argument}' is not a cursor returned by this API.");
    }
}
