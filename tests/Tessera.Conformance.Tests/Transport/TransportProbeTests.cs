using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Requirements;
using Tessera.Conformance.Target;
using Tessera.Protocol;
using Xunit.Abstractions;

namespace Tessera.Conformance.Tests.Transport;

/// <summary>
/// The transport/* cases judged twice: against the reference server and a
/// conforming fake stack (every probe passes), and against fake stacks that
/// each break one TRN rule the way a real gRPC stack does (the probe for that
/// rule fails, or warns for a SHOULD, naming exactly its id).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TransportProbeTests(ITestOutputHelper output)
{
    /// <summary>Short, so the probes that must wait for a hang (TRN-1, TRN-4) cost seconds, not the default 10 s.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    public static TheoryData<StackFault, string, string> Faults() => new()
    {
        { StackFault.Http1Hangs, "transport/http1-refused", Req.TRN_1 },
        { StackFault.ContentTypeIgnored, "transport/content-type", Req.TRN_2 },
        { StackFault.NoSizeLimit, "transport/oversized-message", Req.TRN_3 },
        { StackFault.DeadlineIgnored, "transport/grpc-timeout", Req.TRN_4 },
        { StackFault.DeadlineAnsweredAtOnce, "transport/grpc-timeout", Req.TRN_4 },
        { StackFault.UnknownMethodNotFound, "transport/unknown-method", Req.TRN_5 },
        { StackFault.CompressedFlagIgnored, "transport/compression-flag", Req.TRN_6 },
        { StackFault.UnknownEncodingIgnored, "transport/compression-flag", Req.TRN_6 },
        { StackFault.NotTrailersOnly, "transport/trailers-only", Req.TRN_7 },
        { StackFault.RawPercentInMessage, "transport/trailers-only", Req.TRN_7 },
        { StackFault.NoHealth, "transport/health", Req.TRN_8 },
        { StackFault.CutMessageUnimplemented, "transport/malformed-message", Req.TRN_9 },
        { StackFault.UnparseableUnknown, "transport/malformed-message", Req.TRN_9 },
        { StackFault.GoAwayAfterMalformed, "transport/malformed-message", Req.TRN_9 },
    };

    [Fact]
    public async Task TransportCases_AgainstReferenceServer_AllPassWithoutWarnings()
    {
        await using var target = await EmbeddedTarget.StartAsync(realClock: false, CancellationToken.None);

        var report = await RunAsync(new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" }, "transport/*");

        AssertAllPassed(report);
    }

    [Fact]
    public async Task TransportCases_AgainstConformingFakeStack_AllPassWithoutWarnings()
    {
        await using var stack = await FakeGrpcStack.StartAsync(StackFault.None);

        var report = await RunAsync(new TargetOptions { Address = stack.Address, Hs256Secret = "unused", CallTimeout = CallTimeout }, "transport/*");

        AssertAllPassed(report);
    }

    [Fact]
    public async Task TransportCases_AgainstConformingFakeStackOverTls_AllPassWithoutWarnings()
    {
        using var certificate = SelfSignedCertificate();
        await using var stack = await FakeGrpcStack.StartAsync(StackFault.None, certificate);

        var report = await RunAsync(new TargetOptions { Address = stack.Address, AllowUntrustedCertificate = true, Hs256Secret = "unused", CallTimeout = CallTimeout }, "transport/*");

        Assert.Equal(Uri.UriSchemeHttps, stack.Address.Scheme);
        AssertAllPassed(report);
    }

    [Fact]
    public async Task GrpcTimeoutCase_StackEndingTheCallWithCancelReset_Passes()
    {
        await using var stack = await FakeGrpcStack.StartAsync(StackFault.DeadlineByCancelReset);

        var report = await RunAsync(new TargetOptions { Address = stack.Address, Hs256Secret = "unused", CallTimeout = CallTimeout }, "transport/grpc-timeout");

        Assert.Equal(CaseVerdict.Passed, Assert.Single(report.Results).Verdict);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task TransportCase_AgainstStackBreakingItsRule_FailsOrWarnsNamingExactlyThatId(StackFault fault, string caseName, string id)
    {
        await using var stack = await FakeGrpcStack.StartAsync(fault);

        var report = await RunAsync(new TargetOptions { Address = stack.Address, Hs256Secret = "unused", CallTimeout = CallTimeout }, caseName);

        var result = Assert.Single(report.Results);
        Assert.Equal(caseName, result.Case.Name);
        var findings = result.Failures.Select(f => f.Finding).Concat(result.Warnings).ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal([id], f.Ids));
        if (RequirementCatalog.LevelOf(id) == RequirementLevel.Must)
        {
            Assert.Equal(CaseVerdict.Failed, result.Verdict);
            Assert.Equal(1, report.ExitCode);
        }
        else
        {
            Assert.Equal(CaseVerdict.Warning, result.Verdict);
            Assert.Empty(result.Failures);
            Assert.Equal(0, report.ExitCode);
        }
    }

    [Fact]
    public async Task Reports_TransportFinding_IsListedUnderItsOwnSection()
    {
        await using var stack = await FakeGrpcStack.StartAsync(StackFault.ContentTypeIgnored);

        var report = await RunAsync(new TargetOptions { Address = stack.Address, Hs256Secret = "unused", CallTimeout = CallTimeout }, "transport/content-type");
        var text = ConsoleReport.Render(report, color: false, verbose: true);
        var html = HtmlReport.Render(report);
        using var json = JsonDocument.Parse(JsonReport.Render(report));

        var section = text.IndexOf("Transport (gRPC stack)", StringComparison.Ordinal);
        Assert.True(section >= 0, text);
        Assert.True(text.IndexOf("WARN transport/content-type", StringComparison.Ordinal) > section, text);
        Assert.Contains("Transport (gRPC stack) gaps: TRN-2", text, StringComparison.Ordinal);
        Assert.True(html.IndexOf("<h2 id=\"transport\">", StringComparison.Ordinal) < html.IndexOf("id=\"case-transport-content-type\"", StringComparison.Ordinal));
        var probe = json.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "transport/content-type");
        Assert.Equal("transport", probe.GetProperty("section").GetString());
        Assert.Equal("warning", probe.GetProperty("verdict").GetString());
    }

    private async Task<ConformanceReport> RunAsync(TargetOptions target, string run)
    {
        var report = await ConformanceSuite.RunAsync(new ConformanceOptions { Target = target, Run = [run], Seed = 1 });
        output.WriteLine(ConsoleReport.Render(report, color: false, verbose: true));
        return report;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }

    private static void AssertAllPassed(ConformanceReport report)
    {
        var transport = report.Results.Where(r => r.Case.Name.StartsWith("transport/", StringComparison.Ordinal)).ToList();
        Assert.Equal(ConformanceSuite.ListCases().Count(c => c.Name.StartsWith("transport/", StringComparison.Ordinal)), transport.Count);
        Assert.All(transport, r => Assert.True(r.Verdict == CaseVerdict.Passed, $"{r.Case.Name}: {r.Verdict} {string.Join("; ", r.Failures.Select(f => f.Finding).Concat(r.Warnings))}"));
    }
}
