using System.Text.Json;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Target;
using Tessera.Server.Options;
using Tessera.Server.Tokens;
using Tessera.Tokens;
using Xunit.Abstractions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// Every legal profile the reference server can run with must pass the whole
/// suite: a failure here is either a server bug or the suite demanding what
/// SPEC.md does not say for that profile (a false positive). Each row is
/// the profile as the server's command line takes it, over the embedded
/// target's defaults (test clock, issuers tessera-dev and tessera-dev-2,
/// audience tessera-conformance, guests on, a 2 min disconnect grace, kid
/// "dev"); the suite is told the keys, issuer and audience it needs.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ProfileMatrixTests(ITestOutputHelper output)
{
    /// <summary>
    /// Sequences per property. The default run's 60 fits one profile, not
    /// fourteen in the CI budget; every case still runs under every profile,
    /// and the default profile gets the full count in ReferenceServerTests.
    /// </summary>
    private const int MaxTests = 12;

    /// <summary>An HS256 secret for the kid-less profile: base64 of 32 fixed bytes, as a configuration file holds it.</summary>
    private const string KidlessSecret = "cHJvZmlsZS1tYXRyaXgta2lkbGVzcy1zZWNyZXQtMzI=";

    /// <summary>
    /// The smallest max_token_bytes the suite's plainest valid token fits in
    /// under the embedded defaults: HS256, kid "dev", iss "tessera-dev", aud
    /// "tessera-conformance", a one-letter subject (the suite mints with
    /// one-letter users and roles below 1024 bytes), no roles, whole-second
    /// iat and exp. One byte less and no valid token of this profile fits;
    /// tokens with roles or a fractional exp do not fit either, and the
    /// sequences that need them are skipped with that reason.
    /// </summary>
    internal const int SmallestTokenLimit = 236;

    public static TheoryData<string, string[]> Profiles => new()
    {
        { "retention 0", ["--Tessera:Sessions:TerminatedRetention=00:00:00"] },
        { "expiry grace 0", ["--Tessera:Sessions:ExpiryGrace=00:00:00"] },
        { "notice 0", ["--Tessera:Sessions:ExpiringNotice=00:00:00"] },
        { "disconnect grace on", ["--Tessera:Sessions:DisconnectGrace=00:00:30"] },
        { "disconnect grace off", ["--Tessera:Sessions:DisconnectGrace=00:00:00"] },
        { "leeway 0", ["--Tessera:Tokens:ClockSkewLeeway=00:00:00"] },
        { "leeway 60 s", ["--Tessera:Tokens:ClockSkewLeeway=00:01:00"] },
        { "single session REJECT", ["--Tessera:Sessions:SingleSessionPolicy=Reject"] },
        { "guests off", ["--Tessera:Sessions:GuestSessionsEnabled=false"] },
        { "an audience", ["--Tessera:Tokens:Audience=urn:tessera:profile-matrix"] },
        { "no audience", ["--Tessera:Tokens:Audience="] },
        {
            "two issuers and a separate guest issuer",
            ["--Tessera:Tokens:Issuers:0=app-alpha", "--Tessera:Tokens:Issuers:1=app-beta", "--Tessera:Sessions:GuestIssuer=guests.example"]
        },
        {
            "kid-less single key",
            ["--Tessera:Tokens:SharedSecrets:0:Secret=" + KidlessSecret, "--Tessera:Tokens:SharedSecrets:0:Encoding=Base64", "--Tessera:Tokens:SharedSecrets:0:Algorithms:0=HS256"]
        },
        { "smallest max_token_bytes", ["--Tessera:Tokens:MaxTokenBytes=" + SmallestTokenLimit] },
        // At the smallest limit most generated sequences need a longer token
        // (roles, a fractional exp) and are skipped; 320 lets most of them run
        // with the compact names while staying well below the 1024 that turns those on.
        { "small max_token_bytes", ["--Tessera:Tokens:MaxTokenBytes=320"] },
        { "replay capacity 8", ["--Tessera:Sessions:EventReplayCapacity=8"] },
        { "a schema hash", ["--Tessera:Sessions:SchemaHash=sha256:5f1e0c7a9b3d"] },
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Suite_ReferenceServerUnderProfile_PassesEveryCase(string profile, string[] configuration)
    {
        await using var target = await EmbeddedTarget.StartAsync(realClock: false, CancellationToken.None, configuration: configuration);

        var report = await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = TargetFor(target),
            Seed = 7,
            MaxTests = MaxTests,
        });

        output.WriteLine($"profile: {profile}");
        output.WriteLine(ConsoleReport.Render(report, color: false, verbose: true));
        Assert.DoesNotContain(report.Results, r => r.Verdict == CaseVerdict.Failed);
        Assert.Contains(report.Results, r => r.Verdict == CaseVerdict.Passed);
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public void SmallestTokenLimit_IsTheLengthOfThePlainestValidToken()
    {
        var spec = TokenSpec.ForUser(EmbeddedTarget.Issuer, "a", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), TimeSpan.FromMinutes(5))
            .WithAudience(EmbeddedTarget.Audience);

        var token = TokenMinter.MintValid(spec, MintingKey.Hmac("dev", new string('k', 64)));

        Assert.Equal(SmallestTokenLimit, System.Text.Encoding.UTF8.GetByteCount(token));
    }

    /// <summary>A row that changed nothing would pass for the wrong reason: each must reach the options the server runs with.</summary>
    [Theory]
    [MemberData(nameof(Profiles))]
    public void Profile_CommandLineKeys_ChangeTheServersOptions(string profile, string[] configuration)
    {
        var (tokens, sessions) = Defaults();
        var before = JsonSerializer.Serialize(new object[] { tokens, sessions });

        EmbeddedTarget.ApplyProfile(EmbeddedTarget.Profile(configuration), tokens);
        EmbeddedTarget.ApplyProfile(EmbeddedTarget.Profile(configuration), sessions);

        Assert.True(before != JsonSerializer.Serialize(new object[] { tokens, sessions }), $"profile \"{profile}\" changed no option");
        Assert.Empty(tokens.Validate());
        Assert.Empty(sessions.Validate());
    }

    [Fact]
    public void Profile_MistypedKey_IsRefusedNotIgnored()
    {
        var (_, sessions) = Defaults();

        Assert.Throws<InvalidOperationException>(() =>
            EmbeddedTarget.ApplyProfile(EmbeddedTarget.Profile(["--Tessera:Sessions:RetentionTerminated=00:00:00"]), sessions));
    }

    [Fact]
    public void Profile_NamingIssuers_ReplacesTheDefaultIssuers()
    {
        var (tokens, _) = Defaults();

        EmbeddedTarget.ApplyProfile(EmbeddedTarget.Profile(["--Tessera:Tokens:Issuers:0=app-alpha"]), tokens);

        Assert.Equal(["app-alpha"], tokens.Issuers);
    }

    /// <summary>The embedded target's defaults, as StartAsync sets them before a profile.</summary>
    private static (TokenValidationOptions Tokens, TesseraServerOptions Sessions) Defaults() => (
        new TokenValidationOptions
        {
            Issuers = [EmbeddedTarget.Issuer, EmbeddedTarget.SecondIssuer],
            Audience = EmbeddedTarget.Audience,
            SharedSecrets = [new SharedSecretOptions { KeyId = "dev", Secret = new string('k', 64), Encoding = SecretEncoding.Utf8, Algorithms = ["HS256"] }],
        },
        new TesseraServerOptions { GuestSessionsEnabled = true, TestClockEnabled = true, DisconnectGrace = TimeSpan.FromMinutes(2) });

    /// <summary>What a user would pass on the suite's command line: the first issuer, the audience, the first key.</summary>
    internal static TargetOptions TargetFor(EmbeddedTarget target)
    {
        var tokens = target.Tokens;
        var key = tokens.SharedSecrets[0];
        return new TargetOptions
        {
            Address = target.Address,
            Issuer = tokens.Issuers[0],
            Audience = string.IsNullOrEmpty(tokens.Audience) ? null : tokens.Audience,
            Hs256Secret = key.Encoding == SecretEncoding.Utf8 ? key.Secret : null,
            Hs256SecretBase64 = key.Encoding == SecretEncoding.Base64 ? key.Secret : null,
            KeyId = key.KeyId,
            Shutdown = target.StopAsync,
        };
    }
}
