using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Directory.Api.Hosting;

/// <summary>
/// How Kestrel's socket transport hands work between threads, bound from <c>Server:InlineScheduling</c> (on unless set
/// to <c>false</c>).
/// <para>
/// By default Kestrel queues each step of a request to another thread: the socket's completion (already run on a
/// thread-pool thread by .NET on Linux) queues the HTTP parsing and the application, and the application's response
/// queues the socket send to one of Kestrel's I/O queues. Each hand-over may wake a sleeping thread (wake-ups and
/// context switches were about a tenth of a near-me request's processor samples). With inline scheduling the
/// thread-pool thread that completed the socket read parses, runs the request and sends the answer itself.
/// </para>
/// <para>
/// Kestrel calls the option "unsafe" because application code then runs on the thread that completed the socket
/// operation. That is only a hazard when socket completions themselves run inline on the event thread
/// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>, which this app does not set): then one slow request (a
/// facet count over a dense area takes a good part of a second) would stall every connection. Without it, .NET's
/// socket engine keeps dispatching other sockets' events to other thread-pool threads, so a slow request holds one
/// thread-pool thread, as it does by default. HTTP/2 streams are dispatched to the thread pool by Kestrel either way.
/// </para>
/// </summary>
internal static class SocketTransport
{
    public const string InlineSchedulingKey = "Server:InlineScheduling";

    /// <summary>Applies <c>Server:InlineScheduling</c> to Kestrel's socket transport.</summary>
    public static IWebHostBuilder UseDirectorySocketTransport(this IWebHostBuilder builder, IConfiguration configuration)
    {
        var inline = configuration.GetValue(InlineSchedulingKey, defaultValue: true);
        return builder.UseSockets(options => options.UnsafePreferInlineScheduling = inline);
    }
}
