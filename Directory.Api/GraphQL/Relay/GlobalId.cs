using System.Text;
using Directory.Api.GraphQL.Errors;
using Microsoft.AspNetCore.WebUtilities;

namespace Directory.Api.GraphQL.Relay;

/// <summary>
/// Opaque global object identifiers: base64url of <c>Type:key</c>. Clients must treat them as opaque;
/// the encoding lets the server route <c>node(id)</c> to the right table.
/// </summary>
public static class GlobalId
{
    public static string Encode(string typeName, string key) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{typeName}:{key}"));

    public static string Encode(string typeName, int key) =>
        Encode(typeName, key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Splits an id into type name and key, or returns false when it is not one of ours.</summary>
    public static bool TryDecode(string? id, out string typeName, out string key)
    {
        typeName = key = "";
        if (string.IsNullOrEmpty(id) || id.Length > 200)
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(id));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        typeName = text[..colon];
        key = text[(colon + 1)..];
        return true;
    }

    /// <summary>The integer key of an id that must name <paramref name="expectedType"/>; an INVALID_ID error otherwise.</summary>
    public static int DecodeInt(string? id, string expectedType, string argument)
    {
        var key = Decode(id, expectedType, argument);
        return int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw DirectoryError.InvalidId(argument, $"'{id}' is not a valid {expectedType} ID.");
    }

    /// <summary>The key of an id that must name <paramref name="expectedType"/>; an INVALID_ID error otherwise.</summary>
    public static string Decode(string? id, string expectedType, string argument)
    {
        if (!TryDecode(id, out var typeName, out var key))
        {
            throw DirectoryError.InvalidId(argument, $"'{id}' is not a valid ID.");
        }

        return typeName == expectedType
            ? key
            : throw DirectoryError.InvalidId(argument, $"The ID '{id}' is of type {typeName}; {expectedType} was expected.");
    }
}
