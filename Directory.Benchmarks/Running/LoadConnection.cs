using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Directory.Benchmarks.Running;

/// <summary>
/// One kept-alive HTTP/1.1 connection to the API for measured series, blocking, with little work per request: the
/// request's bytes (headers and body) are built once, the answer is read into a reused buffer (Content-Length or chunked)
/// and checked in place. Before a series, the runner checks that it receives the same bytes as HttpClient. The load
/// generator shares the machine's processors with the API; HttpClient's own work per request (≈ 0.2 ms of processor
/// time here) was taken from the API's share and lowered the measured rate.
/// </summary>
internal sealed class LoadConnection : IDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    public LoadConnection(Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(new IPEndPoint(IPAddress.Parse(baseAddress.Host), baseAddress.Port));
    }

    /// <summary>A POST of <paramref name="body"/> (JSON) to <c>/graphql</c>, as bytes ready to send.</summary>
    public static byte[] Request(Uri baseAddress, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(body);
        var head = Encoding.ASCII.GetBytes(
            $"POST /graphql HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nContent-Type: application/json; charset=utf-8\r\n"
            + $"Accept: application/graphql-response+json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends <paramref name="request"/> (from <see cref="Request"/>) and returns the answer's status and body (valid until the next call).</summary>
    public (int Status, ReadOnlyMemory<byte> Body) Send(byte[] request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _socket.Send(request);
        _start = _end = 0;

        var headerEnd = FindHeaderEnd();
        var head = Encoding.ASCII.GetString(_buffer, 0, headerEnd);
        var status = int.Parse(head.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        _start = headerEnd + 4;
        if (Header(head, "Content-Length") is { } length)
        {
            var size = int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
            Fill(_start + size);
            return (status, _buffer.AsMemory(_start, size));
        }

        if (!string.Equals(Header(head, "Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Answer with neither a length nor chunks: {head}");
        }

        // Chunks are copied down over their size lines, so the body ends up contiguous from the first chunk's place.
        var bodyStart = _start;
        var bodyEnd = _start;
        while (true)
        {
            var lineEnd = FindLineEnd(_start);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(_buffer, _start, lineEnd - _start).Split(';')[0].Trim(), 16);
            _start = lineEnd + 2;
            if (size == 0)
            {
                FindLineEnd(_start); // the empty line after the last chunk (no trailers are sent)
                return (status, _buffer.AsMemory(bodyStart, bodyEnd - bodyStart));
            }

            Fill(_start + size + 2);
            Buffer.BlockCopy(_buffer, _start, _buffer, bodyEnd, size);
            bodyEnd += size;
            _start += size + 2;
        }
    }

    public void Dispose() => _socket.Dispose();

    private static string? Header(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private int FindHeaderEnd()
    {
        var searched = 0;
        while (true)
        {
            var found = _buffer.AsSpan(searched, _end - searched).IndexOf("\r\n\r\n"u8);
            if (found >= 0)
            {
                return searched + found;
            }

            searched = Math.Max(0, _end - 3);
            Receive();
        }
    }

    private int FindLineEnd(int from)
    {
        while (true)
        {
            var found = _buffer.AsSpan(from, _end - from).IndexOf("\r\n"u8);
            if (found >= 0)
            {
                return from + found;
            }

            Receive();
        }
    }

    /// <summary>Reads until the buffer holds <paramref name="end"/> bytes.</summary>
    private void Fill(int end)
    {
        while (_end < end)
        {
            Receive();
        }
    }

    private void Receive()
    {
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
        if (read == 0)
        {
            throw new InvalidOperationException("The API closed the connection.");
        }

        _end += read;
    }
}

/// <summary>One <see cref="LoadConnection"/> per worker of a measured series.</summary>
internal sealed class LoadConnections(Uri baseAddress, int count) : IDisposable
{
    private readonly LoadConnection[] _connections = [.. Enumerable.Range(0, count).Select(_ => new LoadConnection(baseAddress))];

    public LoadConnection this[int worker] => _connections[worker];

    /// <summary>Sends <paramref name="body"/> on every connection and through HttpClient: the same status and bytes, or an exception.</summary>
    public async Task EnsureSameAsHttpClientAsync(GraphQLClient client, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (status, expected) = await client.PostAsync(body, cancellationToken).ConfigureAwait(false);
        GraphQLClient.EnsureData(status, expected);
        var request = LoadConnection.Request(baseAddress, body);
        foreach (var connection in _connections)
        {
            var (ownStatus, own) = connection.Send(request);
            if (ownStatus != status || !own.Span.SequenceEqual(expected))
            {
                throw new InvalidOperationException($"The load connection read HTTP {ownStatus} and {own.Length} bytes where HttpClient read HTTP {status} and {expected.Length} bytes.");
            }
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }
}
