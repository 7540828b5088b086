using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Directory.Benchmarks.Running;

/// <summary>
/// The built API started as a child process on a free loopback port, on a benchmark database: demonstration data off,
/// rate limit off, the SQL statement header on, logging at warnings only. Stopped (killed) on dispose.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Processor time the API process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ApiProcess> StartAsync(string apiDll, string database, CancellationToken cancellationToken)
    {
        if (!File.Exists(apiDll))
        {
            throw new FileNotFoundException($"The API is not built: {apiDll} (run `dotnet build Directory.sln -c Release`).", apiDll);
        }

        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(apiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            apiDll,
            "--urls", $"http://127.0.0.1:{port}",
            "--environment", "Production",
            "--Directory:Data:ConnectionString", $"Data Source={Path.GetFullPath(database)}",
            "--Directory:Data:SeedDemoData", "false",
            "--RateLimiting:Enabled", "false",
            "--Diagnostics:SqlStatementCountHeader", "true",
            "--Logging:LogLevel:Default", "Warning",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the API.");
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {process.ExitCode}: {errors}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        await api.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException("The API did not become healthy within two minutes.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
