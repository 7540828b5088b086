using System.Text.Json;

namespace Directory.Importers.Formats;

/// <summary>
/// Reads the features of a GeoJSON FeatureCollection from a stream one at a time with <see cref="Utf8JsonReader"/>,
/// so memory holds one feature (and a read buffer), never the whole feed. Members other than <c>type</c> and
/// <c>features</c> are skipped; a truncated or malformed document throws <see cref="JsonException"/>.
/// </summary>
internal sealed class GeoJsonFeatureStream(Stream stream)
{
    /// <summary>Largest single feature accepted (its JSON text).</summary>
    public const int MaxFeatureBytes = 16 * 1024 * 1024;

    private enum Phase { Start, Root, Features, Done }

    private enum Step { Feature, End, NeedMore }

    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _final;
    private bool _started;
    private JsonReaderState _state;
    private Phase _phase = Phase.Start;
    private string? _type;
    private bool _hasFeatures;

    /// <summary>The next feature (the caller disposes it), or null after the last one.</summary>
    public async ValueTask<JsonDocument?> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (TryStep(out var feature))
            {
                case Step.Feature:
                    return feature;
                case Step.End:
                    if (_type != "FeatureCollection")
                    {
                        throw new JsonException($"a GeoJSON feed is a FeatureCollection, not {(_type is null ? "an object without type" : $"a {_type}")}");
                    }

                    if (!_hasFeatures)
                    {
                        throw new JsonException("the FeatureCollection has no features array");
                    }

                    return null;
                default:
                    if (_final)
                    {
                        throw new JsonException("the GeoJSON ends before the FeatureCollection does (truncated?)");
                    }

                    await FillAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private Step TryStep(out JsonDocument? feature)
    {
        feature = null;
        if (_phase == Phase.Done)
        {
            return Step.End;
        }

        // Never a final block: at the end of the data the reader stops rather than throws, and the caller says "truncated".
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), isFinalBlock: false, _state);
        var committed = 0L;
        var committedState = _state;
        var step = Step.NeedMore;
        while (step == Step.NeedMore)
        {
            if (!reader.Read())
            {
                break;
            }

            if (_phase == Phase.Start)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("a GeoJSON feed is a FeatureCollection object");
                }

                _phase = Phase.Root;
            }
            else if (_phase == Phase.Root)
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _phase = Phase.Done;
                    step = Step.End;
                }
                else
                {
                    var name = reader.GetString();
                    if (!reader.Read())
                    {
                        break;
                    }

                    if (name == "features")
                    {
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw new JsonException("'features' must be an array");
                        }

                        _phase = Phase.Features;
                        _hasFeatures = true;
                    }
                    else if (name == "type")
                    {
                        _type = reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString();
                    }
                    else if (!reader.TrySkip())
                    {
                        break;
                    }
                }
            }
            else if (reader.TokenType == JsonTokenType.EndArray)
            {
                _phase = Phase.Root;
            }
            else if (JsonDocument.TryParseValue(ref reader, out feature))
            {
                step = Step.Feature;
            }
            else
            {
                break;
            }

            committed = reader.BytesConsumed;
            committedState = reader.CurrentState;
        }

        _start += (int)committed;
        _state = committedState;
        return step;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxFeatureBytes)
            {
                throw new JsonException($"a feature is larger than {MaxFeatureBytes / 1024 / 1024} MB");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _final = read == 0;
        _end += read;
        if (!_started && _end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            // A byte order mark some editors write; JSON readers elsewhere skip it too.
            _start = 3;
        }

        _started |= _end >= 3 || _final;
    }
}
