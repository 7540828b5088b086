using Directory.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Directory.Tests.Api;

/// <summary>Kestrel's socket transport as the app configures it (the in-process test server does not use it, the options are still the app's).</summary>
public sealed class SocketTransportTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void Inline_scheduling_is_on_unless_configured_off(string? setting, bool expected)
    {
        using var api = new DirectoryApiFactory
        {
            SeedDemoData = false,
            Settings = setting is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Server:InlineScheduling"] = setting },
        };

        var options = api.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value;

        Assert.Equal(expected, options.UnsafePreferInlineScheduling);
    }
}
