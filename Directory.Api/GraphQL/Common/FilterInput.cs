using Directory.Api.GraphQL.Errors;
using Directory.Api.GraphQL.Localization;
using Directory.Api.GraphQL.Relay;
using GraphQL;

namespace Directory.Api.GraphQL.Common;

/// <summary>Reads the untyped <c>filter</c> input object of a list field, value by value, with clear errors.</summary>
public sealed class FilterInput(IDictionary<string, object?>? values)
{
    public static FilterInput From(IResolveFieldContext context) =>
        new(context.GetArgument<Dictionary<string, object?>?>("filter"));

    public string? Text(string name) => Get(name) as string;

    public bool? Bool(string name) => Get(name) as bool?;

    /// <summary>A value of a scalar type (e.g. a DateTime), or null when absent.</summary>
    public T? Value<T>(string name)
        where T : struct => Get(name) is T value ? value : null;

    public IReadOnlyList<T>? List<T>(string name) => Get(name) is IEnumerable<object?> list ? list.OfType<T>().ToList() : null;

    /// <summary>Language tags, normalized; a malformed tag is an error naming the field.</summary>
    public IReadOnlyList<string>? Languages(string name)
    {
        var tags = List<string>(name);
        if (tags is null)
        {
            return null;
        }

        foreach (var tag in tags)
        {
            if (!LanguageTag.IsValid(tag))
            {
                throw DirectoryError.BadInput($"filter.{name}", $"'filter.{name}' must hold BCP 47 language tags such as \"en\" or \"ar\"; got \"{tag}\".");
            }
        }

        return tags.Select(LanguageTag.Normalize).ToList();
    }

    /// <summary>The integer key of a global ID of the given type.</summary>
    public int? Id(string name, string typeName) =>
        Text(name) is { } id ? GlobalId.DecodeInt(id, typeName, $"filter.{name}") : null;

    private object? Get(string name) => values is not null && values.TryGetValue(name, out var value) ? value : null;
}
