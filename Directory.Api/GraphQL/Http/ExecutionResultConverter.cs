using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using GraphQL;
using GraphQL.Execution;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// Writes an <see cref="ExecutionResult"/> as GraphQL.SystemTextJson's own converter does (same members, order and
/// bytes), but writes the common scalar values (strings, numbers, booleans) straight to the writer instead of through
/// <see cref="JsonSerializer"/> with their runtime type, which cost a type lookup and a boxed round trip per value: a page
/// of 20 services has a few hundred. Anything else (dates, custom scalars, errors, extensions) still goes through the
/// serializer, and so do all values when the options change how those primitives are written.
/// </summary>
internal sealed class ExecutionResultConverter : JsonConverter<ExecutionResult>
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, StrongBox<bool>> PlainPrimitives = [];

    public override bool CanConvert(Type typeToConvert) => typeof(ExecutionResult).IsAssignableFrom(typeToConvert);

    public override ExecutionResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Execution results are only written.");

    public override void Write(Utf8JsonWriter writer, ExecutionResult value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        if (value.Errors is { Count: > 0 } errors)
        {
            writer.WritePropertyName("errors");
            JsonSerializer.Serialize(writer, errors, options);
        }

        if (value.Executed)
        {
            writer.WritePropertyName("data");
            if (value.Data is ExecutionNode node)
            {
                new NodeWriter(writer, options, Plain(options)).Write(node);
            }
            else
            {
                JsonSerializer.Serialize(writer, value.Data, options);
            }
        }

        if (value.Extensions?.Count > 0)
        {
            writer.WritePropertyName("extensions");
            JsonSerializer.Serialize(writer, value.Extensions, options);
        }

        writer.WriteEndObject();
    }

    /// <summary>Whether the options write strings, numbers and booleans as the writer's own methods do (no converter or number handling of their own).</summary>
    internal static bool Plain(JsonSerializerOptions options) =>
        PlainPrimitives.GetValue(options, o => new StrongBox<bool>(
            o.NumberHandling == JsonNumberHandling.Strict
            && !o.Converters.Any(c => PrimitiveTypes.Any(c.CanConvert)))).Value;

    private static readonly Type[] PrimitiveTypes =
        [typeof(string), typeof(int), typeof(long), typeof(double), typeof(bool), typeof(decimal), typeof(float), typeof(short), typeof(byte), typeof(uint), typeof(ulong)];

    private readonly struct NodeWriter(Utf8JsonWriter writer, JsonSerializerOptions options, bool plain)
    {
        public void Write(ExecutionNode? node)
        {
            switch (node)
            {
                case ValueExecutionNode value:
                    Value(value.ToValue());
                    break;
                case ObjectExecutionNode { SubFields: null }:
                    writer.WriteNullValue();
                    break;
                case ObjectExecutionNode obj:
                    writer.WriteStartObject();
                    foreach (var child in obj.SubFields!)
                    {
                        var name = child.Name!;
                        writer.WritePropertyName(options.PropertyNamingPolicy?.ConvertName(name) ?? name);
                        Write(child);
                    }

                    writer.WriteEndObject();
                    break;
                case ArrayExecutionNode { Items: null } array:
                    Value(array.SerializedResult);
                    break;
                case ArrayExecutionNode array:
                    writer.WriteStartArray();
                    foreach (var item in array.Items!)
                    {
                        Write(item);
                    }

                    writer.WriteEndArray();
                    break;
                case null or NullExecutionNode:
                    writer.WriteNullValue();
                    break;
                default:
                    Value(node.ToValue());
                    break;
            }
        }

        private void Value(object? value)
        {
            if (!plain)
            {
                JsonSerializer.Serialize(writer, value, options);
                return;
            }

            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case int number:
                    writer.WriteNumberValue(number);
                    break;
                case long number:
                    writer.WriteNumberValue(number);
                    break;
                case double number when double.IsFinite(number):
                    writer.WriteNumberValue(number);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case decimal number:
                    writer.WriteNumberValue(number);
                    break;
                case System.Collections.IEnumerable list and not System.Collections.IDictionary when IsPlainList(list):
                    writer.WriteStartArray();
                    foreach (var item in list)
                    {
                        Value(item);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    JsonSerializer.Serialize(writer, value, options);
                    break;
            }
        }

        /// <summary>Lists of strings and numbers as scalar lists serialize them (e.g. <c>languages</c>), written item by item.</summary>
        private static bool IsPlainList(System.Collections.IEnumerable list) =>
            list is IEnumerable<string> or IEnumerable<int> or IEnumerable<long> or IEnumerable<double> or IEnumerable<bool> or object?[];
    }
}
