using Microsoft.Extensions.Configuration;
using Tessera.Protocol.V1;
using Tessera.Server.Options;

namespace Tessera.Server.Tests.Sessions;

public sealed class TesseraServerOptionsTests
{
    [Fact]
    public void Validate_Defaults_ValidWithDocumentedValues()
    {
        var options = new TesseraServerOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(SingleSessionPolicy.Replace, options.SingleSessionPolicy);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ExpiryGrace);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ExpiringNotice);
        Assert.Equal(TimeSpan.Zero, options.DisconnectGrace);
        Assert.Equal(TimeSpan.FromMinutes(10), options.TerminatedRetention);
        Assert.Equal(64, options.EventReplayCapacity);
        Assert.False(options.GuestSessionsEnabled);
        Assert.Equal(TimeSpan.FromHours(1), options.GuestSessionLifetime);
        Assert.Equal(["tessera.v1"], options.ProtocolVersions);
    }

    [Fact]
    public void Validate_EveryFieldOutOfRange_OneMessagePerField()
    {
        var options = new TesseraServerOptions
        {
            SingleSessionPolicy = SingleSessionPolicy.Unspecified,
            ExpiryGrace = TimeSpan.FromSeconds(-1),
            ExpiringNotice = TimeSpan.FromDays(400),
            DisconnectGrace = TimeSpan.FromTicks(-1),
            TerminatedRetention = TimeSpan.FromDays(367),
            GuestSessionLifetime = TimeSpan.Zero,
            EventReplayCapacity = 7,
            WatcherBufferCapacity = 0,
            GuestIssuer = " ",
            SchemaHash = new string('h', 257),
            ProtocolVersions = ["tessera.v2"],
        };

        var errors = options.Validate();

        string[] fields =
        [
            "SingleSessionPolicy", "ExpiryGrace", "ExpiringNotice", "DisconnectGrace", "TerminatedRetention",
            "GuestSessionLifetime", "EventReplayCapacity", "WatcherBufferCapacity", "GuestIssuer", "SchemaHash", "ProtocolVersions",
        ];
        Assert.Equal(fields.Length, errors.Count);
        foreach (var field in fields)
        {
            Assert.Single(errors, e => e.StartsWith("Tessera:Sessions:" + field + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Bind_ConfigurationSection_ReadsPolicyAndDurations()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Tessera:Sessions:SingleSessionPolicy"] = "Reject",
                ["Tessera:Sessions:ExpiryGrace"] = "00:00:05",
                ["Tessera:Sessions:DisconnectGrace"] = "00:01:00",
                ["Tessera:Sessions:GuestSessionsEnabled"] = "true",
            })
            .Build();
        var options = new TesseraServerOptions();

        configuration.GetSection(TesseraServerOptions.SectionName).Bind(options);

        Assert.Equal(SingleSessionPolicy.Reject, options.SingleSessionPolicy);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ExpiryGrace);
        Assert.Equal(TimeSpan.FromMinutes(1), options.DisconnectGrace);
        Assert.True(options.GuestSessionsEnabled);
        Assert.Empty(options.Validate());
    }
}
