using Directory.Model.Common;
using Directory.Model.Services;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace Directory.Api.GraphQL.Common;

/// <summary>How to sort a list.</summary>
public sealed record RecordOrder(RecordOrderField Field = RecordOrderField.Name, SortDirection Direction = SortDirection.Asc);

public sealed class RecordOrderFieldGraphType : EnumerationGraphType<RecordOrderField>
{
    public RecordOrderFieldGraphType()
    {
        Name = "RecordOrderField";
        Description = "What a list is sorted by.";
    }
}

public sealed class RecordOrderInputGraphType : InputObjectGraphType<RecordOrder>
{
    public RecordOrderInputGraphType()
    {
        Name = "RecordOrder";
        Description = "How to sort a list. Ties are broken by id, so paging is stable.";
        Field<NonNullGraphType<RecordOrderFieldGraphType>>("field").Description("What to sort by.").DefaultValue(RecordOrderField.Name);
        Field<NonNullGraphType<SortDirectionGraphType>>("direction").Description("Ascending or descending.").DefaultValue(SortDirection.Asc);
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new RecordOrder(
            value.TryGetValue("field", out var f) && f is RecordOrderField field ? field : RecordOrderField.Name,
            value.TryGetValue("direction", out var d) && d is SortDirection direction ? direction : SortDirection.Asc);
}

public static class OrderArgument
{
    public static FieldBuilder<TSource, TReturn> OrderByArgument<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.Argument<RecordOrderInputGraphType>("orderBy", "Sort order. When omitted: by name ascending; a list searched with `search` comes most relevant first, and one asked `near` a point nearest first (`orderBy` cannot be given with `near`).");

    public static RecordOrder GetOrder(this IResolveFieldContext context) => context.GetArgument<RecordOrder?>("orderBy") ?? new RecordOrder();
}
