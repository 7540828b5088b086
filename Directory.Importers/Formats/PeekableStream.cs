namespace Directory.Importers.Formats;

/// <summary>Lets a reader look at the first bytes of a forward-only stream (e.g. an HTTP body) before parsing it.</summary>
internal sealed class PeekableStream(Stream inner) : Stream
{
    private byte[] _buffer = [];
    private int _position;

    /// <summary>The first non-whitespace byte after an optional UTF-8 byte order mark, or -1 when the stream is empty.</summary>
    public async Task<int> PeekFirstSignificantByteAsync(CancellationToken cancellationToken)
    {
        var chunk = new byte[4096];
        var collected = new List<byte>();
        while (true)
        {
            var read = await inner.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            collected.AddRange(chunk.AsSpan(0, read));
            _buffer = [.. collected];
            var start = _buffer.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            for (var i = start; i < _buffer.Length; i++)
            {
                if (_buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return _buffer[i];
                }
            }

            if (read == 0)
            {
                return -1;
            }
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position < _buffer.Length)
        {
            var n = Math.Min(buffer.Length, _buffer.Length - _position);
            _buffer.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        return inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _position < _buffer.Length ? ValueTask.FromResult(Read(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
