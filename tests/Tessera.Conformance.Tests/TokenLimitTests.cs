using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Target;
using Tessera.Protocol;
using Tessera.Server.Hosting;
using Tessera.Server.Options;
using Tessera.Server.Tokens;
using Xunit.Abstractions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// TOK-2 lets a target declare any max_token_bytes up to 8192: the suite mints
/// within it, skips what cannot fit, and turns a declared value outside the
/// bounds into a verdict (INF-3), never a crash.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TokenLimitTests(ITestOutputHelper output)
{
    /// <summary>
    /// 261 bytes is the smallest max_token_bytes that the attack list's good
    /// token fits in: HS256 with kid "dev", iss "tessera-dev", aud
    /// "tessera-conformance", sub "tessera-user", roles ["member"],
    /// whole-second iat and exp (measured at 261), so tok/tok-2's boundary
    /// token is made and accepted. Tokens with more roles or longer subjects
    /// do not fit and their sequences are skipped, never failed. The smallest
    /// limit any valid token fits in is run by <see cref="ProfileMatrixTests"/>.
    /// </summary>
    [Fact]
    public async Task Suite_SmallestMaxTokenBytesAValidTokenFits_ReferencePassesWithZeroFailures()
    {
        const int Limit = 261;
        await using var target = await EmbeddedTarget.StartAsync(realClock: false, CancellationToken.None, configureTokens: tokens => tokens.MaxTokenBytes = Limit);

        var report = await RunAsync(target);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal(Limit, report.Profile.MaxTokenBytes);
        Assert.DoesNotContain(report.Results, r => r.Verdict == CaseVerdict.Failed);
        // The boundary token of exactly the limit is made and accepted.
        Assert.Equal(CaseVerdict.Passed, report.Results.Single(r => r.Case.Name == "tok/tok-2").Verdict);
    }

    [Fact]
    public async Task Suite_LegalLimitBelowTheValidToken_SkipsWhatCannotFitWithoutFailures()
    {
        // 256 is legal (TOK-2) yet below the 261 bytes of the plain valid token.
        await using var target = await EmbeddedTarget.StartAsync(realClock: false, CancellationToken.None, configureTokens: tokens => tokens.MaxTokenBytes = 256);

        var report = await RunAsync(target);

        Assert.Equal(0, report.ExitCode);
        Assert.DoesNotContain(report.Results, r => r.Verdict == CaseVerdict.Failed);
        Assert.Contains(report.Results, r => r.Verdict == CaseVerdict.Skipped && r.SkipReason!.Contains("max_token_bytes = 256", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Suite_TargetReportingZeroMaxTokenBytes_EndsWithAReportNamingInf3AndExitCode1()
    {
        // The reference server refuses to run with 0 (below 256), so it enforces
        // its default and only GetServerInfo reports 0, as a third party's might.
        await using var target = await EmbeddedTarget.StartAsync(realClock: false, CancellationToken.None, services => services.AddSingleton(sp =>
        {
            var info = new ServerInfo(sp.GetRequiredService<IOptions<TesseraServerOptions>>().Value, sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value, sp.GetRequiredService<SigningKeyRing>());
            info.Template.MaxTokenBytes = 0;
            return info;
        }));

        var report = await RunAsync(target);

        Assert.Equal(1, report.ExitCode);
        var failed = report.Results.Where(r => r.Verdict == CaseVerdict.Failed).ToList();
        Assert.Contains(failed, r => r.Failures.Any(f => f.Finding.Ids.Contains(Req.INF_3) && f.Finding.Message.Contains("max_token_bytes", StringComparison.Ordinal)));
        Assert.Contains(report.Results, r => r.Verdict == CaseVerdict.Skipped && r.SkipReason!.Contains("max_token_bytes = 0", StringComparison.Ordinal));
    }

    private async Task<ConformanceReport> RunAsync(EmbeddedTarget target)
    {
        var report = await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev", Shutdown = target.StopAsync },
            Seed = 7,
        });
        output.WriteLine(ConsoleReport.Render(report, color: false, verbose: true));
        return report;
    }
}
