using Microsoft.Extensions.DependencyInjection;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Target;
using Tessera.Server.Events;
using Tessera.Server.Storage;
using Xunit.Abstractions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// END-3 lets a server forget a terminated session once terminated_retention
/// has passed, and INF-3 allows a retention of zero: then it may forget it at
/// once, and the suite must not call SESSION_NOT_FOUND for it a failure.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RetentionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Suite_ZeroTerminatedRetention_ReferencePassesEveryCase()
    {
        await using var target = await EmbeddedTarget.StartAsync(realClock: false, CancellationToken.None,
            configureSessions: sessions => sessions.TerminatedRetention = TimeSpan.Zero);

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev", Shutdown = target.StopAsync },
            Seed = 7,
        });

        output.WriteLine(ConsoleReport.Render(report, color: false, verbose: true));
        Assert.Equal(TimeSpan.Zero, report.Profile.TerminatedRetention);
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public async Task Suite_ZeroRetentionTargetThatForgetsAtOnce_PassesEveryCase()
    {
        await using var target = await EmbeddedTarget.StartAsync(realClock: false, CancellationToken.None,
            services => services.AddSingleton<ISessionStore>(sp => new ForgetAtOnceStore(
                new InMemorySessionStore(sp.GetRequiredService<SessionPolicy>(), sp.GetRequiredService<SessionEventHub>()))),
            configureSessions: sessions => sessions.TerminatedRetention = TimeSpan.Zero);

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev", Shutdown = target.StopAsync },
            Seed = 7,
        });

        output.WriteLine(ConsoleReport.Render(report, color: false, verbose: true));
        Assert.Equal(0, report.ExitCode);
    }
}
