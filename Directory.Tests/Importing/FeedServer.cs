using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Directory.Tests.Importing;

/// <summary>
/// A real HTTP feed server on a loopback port (Kestrel) that plays scripted answers per path, so tests can make
/// it fail, stall, throttle or cut a body short. The last answer of a script repeats.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Queue<Func<HttpContext, Task>>> _scripts = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _last = new();

    /// <summary>Requests received per path (with the query, if any), with their If-None-Match header.</summary>
    public ConcurrentQueue<(string Path, string? IfNoneMatch)> Requests { get; } = new();

    private FeedServer(WebApplication app)
    {
        _app = app;
        app.Run(async context =>
        {
            // A script for the path with its query (e.g. "/services?page=2") wins over one for the bare path.
            var path = (context.Request.Path.Value ?? "/") + context.Request.QueryString.Value;
            Requests.Enqueue((path, context.Request.Headers.IfNoneMatch.Count == 0 ? null : context.Request.Headers.IfNoneMatch.ToString()));
            if (!_scripts.ContainsKey(path) && !_last.ContainsKey(path))
            {
                path = context.Request.Path.Value ?? "/";
            }

            Func<HttpContext, Task>? answer = null;
            if (_scripts.TryGetValue(path, out var queue))
            {
                lock (queue)
                {
                    if (queue.Count > 0)
                    {
                        answer = queue.Dequeue();
                        _last[path] = answer;
                    }
                }
            }

            answer ??= _last.GetValueOrDefault(path);
            if (answer is null)
            {
                context.Response.StatusCode = 404;
                return;
            }

            await answer(context);
        });
    }

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new FeedServer(app);
        await app.StartAsync();
        return server;
    }

    public string Url(string path) =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + path;

    /// <summary>Answers requests to <paramref name="path"/> with these responses in turn, the last one from then on.</summary>
    public void Script(string path, params Func<HttpContext, Task>[] answers)
    {
        _scripts[path] = new Queue<Func<HttpContext, Task>>(answers);
        _last.TryRemove(path, out _);
    }

    public int Count(string path) => Requests.Count(r => r.Path == path);

    public static Func<HttpContext, Task> Body(string body, string contentType = "application/json", string? etag = null) => async context =>
    {
        if (etag is not null)
        {
            if (context.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            context.Response.Headers.ETag = etag;
        }

        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, Encoding.UTF8);
    };

    public static Func<HttpContext, Task> Status(int status, string? retryAfter = null) => context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return Task.CompletedTask;
    };

    /// <summary>Never answers (until the client gives up and the connection closes).</summary>
    public static Func<HttpContext, Task> Hang() => async context =>
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
