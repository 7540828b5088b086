using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Directory.Importers.Formats;

/// <summary>
/// One row of an HSDS JSON feed as it was read: its JSON (valid until the next row), <see cref="HsdsRawReader.Hash"/>
/// of it, and how many bytes of the file have been read so far (for progress).
/// </summary>
internal readonly record struct RawRow(int Row, ReadOnlyMemory<byte> Json, UInt128 Hash, long Position);

/// <summary>
/// Reads the rows of an HSDS JSON feed file without mapping them: the raw JSON of each element of a top-level array
/// (streamed through a buffer that holds one row at a time, whatever the size of the feed), of each element of the
/// <c>contents</c> array of a paged list (a page is read whole, as <see cref="HsdsJsonReader"/> does), or the one
/// service of a single-service document. Rows are numbered as <see cref="HsdsJsonReader"/> numbers them, and a feed
/// that reader rejects as a whole (truncated or malformed JSON, not an array or object) is rejected here too.
/// </summary>
internal static class HsdsRawReader
{
    /// <summary>A read's size, and the buffer's until a row outgrows it: fewer reads (each a hop to the thread pool) than 64 KB.</summary>
    private const int InitialBuffer = 1 << 20;

    /// <summary>
    /// How rows are hashed: part of every raw fingerprint (see <see cref="Sync.RawFingerprints.Settings"/>), so a change
    /// makes every row of a source mapped once, and its raw fingerprint stored again. Change it (and the seeds below)
    /// whenever <see cref="Hash"/> changes.
    /// </summary>
    public const int HashVersion = 2;

    private const long ScalarSeed = 11;
    private const long NameSeed = 12;
    private const long PropertySeed = 13;
    private const long ObjectSeed = 14;
    private const long ArraySeed = 15;
    private const long ElementSeed = 16;
    private const long ElementScalarSeed = 17;
    private const long PropertyScalarSeed = 18;

    // What precedes a scalar's bytes in the hashed input: its kind (the value as written follows).
    private const byte StringKind = 1;
    private const byte NumberKind = 2;
    private const byte LiteralKind = 3;

    public static async IAsyncEnumerable<RawRow> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var scanner = new Scanner();
            var found = new List<(int Offset, int Length, UInt128 Hash)>();
            var row = 0;
            var final = false;
            while (true)
            {
                final = await scanner.FillAsync(stream, cancellationToken).ConfigureAwait(false);
                bool done;
                try
                {
                    done = scanner.Scan(found, final);
                }
                catch (JsonException e) when (e.GetType() != typeof(JsonException))
                {
                    // As HsdsJsonReader reports it (the reader's own exception type is internal).
                    throw new JsonException(e.Message, e);
                }

                foreach (var (offset, length, hash) in found)
                {
                    yield return new RawRow(++row, scanner.Slice(offset, length), hash, stream.Position);
                }

                found.Clear();
                if (done)
                {
                    yield break;
                }

                if (final)
                {
                    // The reader throws on incomplete JSON in a final block; this only guards the loop.
                    throw new JsonException("the feed ends before its JSON does");
                }
            }
        }
    }

    /// <summary>
    /// A 128-bit hash of a JSON value's structure and content, the same whatever its whitespace, the order of an
    /// object's properties and the escaping of its strings: strings (unescaped), numbers (as written), literals,
    /// property names and array elements in order are hashed with XxHash128, and an object's properties are combined
    /// by a sum (with their count), so their order does not matter. A property whose value is a string, number or
    /// literal is hashed with one call over its name and value (with the name's length and the value's kind between
    /// them, so no two properties give the same input); an array's scalar element with one call over the array's
    /// hash so far and the element. Not a cryptographic hash: it tells a feed's row from the same row as last read,
    /// not from a forgery.
    /// </summary>
    public static UInt128 Hash(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, state: default);
        if (!reader.Read() || !TryHash(ref reader, out var hash))
        {
            throw new JsonException("no JSON value");
        }

        return hash;
    }

    /// <summary>
    /// Hashes the value whose first token the reader is on (see <see cref="Hash"/>), reading to its last token; false
    /// when the reader's data ends before the value does (the reader is then somewhere inside it).
    /// </summary>
    private static bool TryHash(ref Utf8JsonReader reader, out UInt128 hash)
    {
        Span<Frame> frames = stackalloc Frame[65];
        // The input of the next call: [name length (4 bytes), name] of a pending property, or [array hash so far (16
        // bytes)], then [kind (1 byte), scalar]. Grows only for a longer name or value.
        var input = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            var depth = 0;
            var prefix = 0;
            hash = 0;
            do
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (depth > 0 && frames[depth - 1].IsObject)
                        {
                            // A container's name is hashed alone, and combined with the container's hash at its end.
                            frames[depth - 1].Name = XxHash128.HashToUInt128(input.AsSpan(0, prefix), NameSeed);
                        }

                        frames[depth++] = new Frame { IsObject = reader.TokenType == JsonTokenType.StartObject };
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        var frame = frames[--depth];
                        Complete(frames, depth, Combine(frame.Accumulated, frame.Count, frame.IsObject ? ObjectSeed : ArraySeed), ref hash);
                        break;
                    case JsonTokenType.PropertyName:
                        // Unescaped, a name is at most as long as written.
                        Ensure(ref input, 4 + reader.ValueSpan.Length);
                        var length = Copy(ref reader, input.AsSpan(4));
                        BinaryPrimitives.WriteInt32LittleEndian(input, length);
                        prefix = 4 + length;
                        break;
                    default:
                        var scalar = depth == 0 ? Scalar(ref reader, ref input, 0, ScalarSeed)
                            : frames[depth - 1].IsObject ? Scalar(ref reader, ref input, prefix, PropertyScalarSeed)
                            : Scalar(ref reader, ref input, frames[depth - 1].Accumulated);
                        if (depth == 0)
                        {
                            hash = scalar;
                        }
                        else
                        {
                            ref var parent = ref frames[depth - 1];
                            parent.Count++;
                            parent.Accumulated = parent.IsObject ? parent.Accumulated + scalar : scalar;
                        }

                        break;
                }

                if (depth == 0)
                {
                    return true;
                }
            }
            while (reader.Read());

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    /// <summary>
    /// A string, number or literal hashed with one call: in an object, its property's share of the object's sum (the
    /// name, already in the input, and the value); in an array (this overload), the array's hash so far chained with
    /// it; at the top, its own hash.
    /// </summary>
    private static UInt128 Scalar(ref Utf8JsonReader reader, ref byte[] input, UInt128 accumulated)
    {
        Ensure(ref input, 16 + 1 + reader.ValueSpan.Length);
        BinaryPrimitives.WriteUInt128LittleEndian(input, accumulated);
        return Scalar(ref reader, ref input, 16, ElementScalarSeed);
    }

    /// <summary>Hashes <paramref name="prefix"/> bytes already in the input, then the scalar's kind and bytes, with one call.</summary>
    private static UInt128 Scalar(ref Utf8JsonReader reader, ref byte[] input, int prefix, long seed)
    {
        Ensure(ref input, prefix + 1 + reader.ValueSpan.Length);
        int length;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                input[prefix] = StringKind;
                length = Copy(ref reader, input.AsSpan(prefix + 1));
                break;
            case JsonTokenType.Number:
                input[prefix] = NumberKind;
                reader.ValueSpan.CopyTo(input.AsSpan(prefix + 1));
                length = reader.ValueSpan.Length;
                break;
            default:
                // true, false, null: their token type says it all.
                input[prefix] = LiteralKind;
                input[prefix + 1] = (byte)reader.TokenType;
                length = 1;
                break;
        }

        return XxHash128.HashToUInt128(input.AsSpan(0, prefix + 1 + length), seed);
    }

    /// <summary>Copies a string or property name, unescaped; returns its length.</summary>
    private static int Copy(ref Utf8JsonReader reader, Span<byte> destination)
    {
        if (!reader.ValueIsEscaped)
        {
            reader.ValueSpan.CopyTo(destination);
            return reader.ValueSpan.Length;
        }

        return reader.CopyString(destination);
    }

    /// <summary>Makes the input buffer hold at least <paramref name="length"/> bytes, keeping its content.</summary>
    private static void Ensure(ref byte[] input, int length)
    {
        if (input.Length >= length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(length);
        input.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(input);
        input = larger;
    }

    private struct Frame
    {
        public bool IsObject;
        public UInt128 Accumulated;
        public UInt128 Name;
        public long Count;
    }

    private static void Complete(Span<Frame> frames, int depth, UInt128 value, ref UInt128 result)
    {
        if (depth == 0)
        {
            result = value;
            return;
        }

        ref var parent = ref frames[depth - 1];
        parent.Count++;
        // Properties are summed (any order gives the same hash); elements are chained (their order counts).
        parent.Accumulated = parent.IsObject ? parent.Accumulated + Combine(parent.Name, value, PropertySeed) : Combine(parent.Accumulated, value, ElementSeed);
    }

    private static UInt128 Combine(UInt128 first, UInt128 second, long seed)
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, first);
        BinaryPrimitives.WriteUInt128LittleEndian(bytes[16..], second);
        return XxHash128.HashToUInt128(bytes, seed);
    }

    private static UInt128 Combine(UInt128 accumulated, long count, long seed) => Combine(accumulated, (UInt128)(ulong)count, seed);

    /// <summary>Finds complete rows in a growing buffer, keeping the reader's state between reads of the file.</summary>
    private sealed class Scanner
    {
        private enum Mode
        {
            Start,
            Array,
            AfterRoot,
            Object,
            Done,
        }

        private byte[] _buffer = new byte[InitialBuffer];
        private int _start;
        private int _end;
        private bool _first = true;
        private JsonReaderState _state;
        private Mode _mode = Mode.Start;

        public ReadOnlyMemory<byte> Slice(int offset, int length) => _buffer.AsMemory(offset, length);

        /// <summary>Moves unread bytes to the front (or grows the buffer when they fill it) and reads more; true at the end of the file.</summary>
        public async Task<bool> FillAsync(Stream stream, CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            _end += read;
            if (_first && _end >= 3)
            {
                _first = false;
                if (_buffer.AsSpan(0, 3).SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
                {
                    _start = 3;
                }
            }

            return read == 0;
        }

        /// <summary>Adds the rows complete in the buffer (absolute offsets, with their hash); true when the feed's JSON has been read to its end.</summary>
        public bool Scan(List<(int Offset, int Length, UInt128 Hash)> found, bool final)
        {
            if (_mode == Mode.Object)
            {
                // A paged list or a single service: read whole (a page), as HsdsJsonReader parses it whole.
                return final && ScanObject(found);
            }

            var origin = _start;
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), final, _state);
            while (true)
            {
                var before = reader.CurrentState;
                var consumed = reader.BytesConsumed;
                if (!reader.Read())
                {
                    _start = origin + (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    if (final && _mode != Mode.AfterRoot)
                    {
                        throw new JsonException(_mode == Mode.Start ? "the feed is empty" : "the feed ends before its JSON does");
                    }

                    _mode = final ? Mode.Done : _mode;
                    return final;
                }

                switch (_mode)
                {
                    case Mode.Start when reader.TokenType == JsonTokenType.StartArray:
                        _mode = Mode.Array;
                        break;
                    case Mode.Start when reader.TokenType == JsonTokenType.StartObject:
                        // Start again from the object's first byte once the whole file is in the buffer.
                        _start = origin + (int)consumed;
                        _state = before;
                        _mode = Mode.Object;
                        return final && ScanObject(found);
                    case Mode.Start:
                        throw new JsonException("an HSDS feed is a JSON array of services, a paged list or one service");
                    case Mode.Array when reader.TokenType == JsonTokenType.EndArray:
                        _mode = Mode.AfterRoot;
                        break;
                    case Mode.Array:
                        var start = (int)reader.TokenStartIndex;
                        if (!TryHash(ref reader, out var hash))
                        {
                            // The row goes on past the buffer: read it again from its start after the next read.
                            _start = origin + (int)consumed;
                            _state = before;
                            return false;
                        }

                        found.Add((origin + start, (int)reader.BytesConsumed - start, hash));
                        break;
                    default:
                        throw new JsonException("the feed goes on after its JSON ends");
                }
            }
        }

        private bool ScanObject(List<(int Offset, int Length, UInt128 Hash)> found)
        {
            var origin = _start;
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), isFinalBlock: true, _state);
            reader.Read();
            var contents = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isContents = !contents && reader.ValueTextEquals("contents"u8);
                reader.Read();
                if (!isContents || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                contents = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    TryHash(ref reader, out var hash);
                    found.Add((origin + start, (int)reader.BytesConsumed - start, hash));
                }
            }

            var end = (int)reader.BytesConsumed;
            if (reader.Read())
            {
                throw new JsonException("the feed goes on after its JSON ends");
            }

            if (!contents)
            {
                found.Add((origin, end, Hash(_buffer.AsSpan(origin, end))));
            }

            _mode = Mode.Done;
            return true;
        }
    }
}
