using Tessera.Protocol;
using Tessera.Server.Tokens;
using static Tessera.Testing.TestValidators;
using Tessera.Testing;

namespace Tessera.Server.Tests.Tokens;

/// <summary>Option checks: every bad value is refused with a message naming the setting and the rule.</summary>
public sealed class TokenValidationOptionsTests
{
    [Fact]
    public void Validate_StandardOptionsWithAKey_NoProblems()
    {
        var options = ValidationOptions(o => o.SharedSecrets = [SecretOptions(Hmac)]);

        Assert.Empty(options.Validate());
    }

    [Theory]
    [Trait("Requirement", Req.TOK_12)]
    [InlineData(61)]
    [InlineData(300)]
    [InlineData(-1)]
    public void Validate_LeewayOutside0To60Seconds_Refused(int seconds)
    {
        var options = ValidationOptions(o =>
        {
            o.SharedSecrets = [SecretOptions(Hmac)];
            o.ClockSkewLeeway = TimeSpan.FromSeconds(seconds);
        });

        var problem = Assert.Single(options.Validate());

        Assert.Contains("ClockSkewLeeway", problem, StringComparison.Ordinal);
        Assert.Contains("60 s", problem, StringComparison.Ordinal);
        var exception = Assert.Throws<TokenConfigurationException>(() => new TokenValidator(options, Ring, new FixedClock(Now)));
        Assert.Contains("ClockSkewLeeway", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_12)]
    [InlineData(0)]
    [InlineData(60)]
    public void Validate_LeewayAtTheLimits_Accepted(int seconds)
    {
        var options = ValidationOptions(o =>
        {
            o.SharedSecrets = [SecretOptions(Hmac)];
            o.ClockSkewLeeway = TimeSpan.FromSeconds(seconds);
        });

        Assert.Empty(options.Validate());
    }

    [Theory]
    [Trait("Requirement", Req.TOK_2)]
    [InlineData(8193)]
    [InlineData(65536)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_MaxTokenBytesOutside1To8192_Refused(int maxTokenBytes)
    {
        var options = ValidationOptions(o =>
        {
            o.SharedSecrets = [SecretOptions(Hmac)];
            o.MaxTokenBytes = maxTokenBytes;
        });

        Assert.Contains("MaxTokenBytes", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Requirement", Req.TOK_11)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_MaxTokenLifetimeNotPositive_Refused(int seconds)
    {
        var options = ValidationOptions(o =>
        {
            o.SharedSecrets = [SecretOptions(Hmac)];
            o.MaxTokenLifetime = TimeSpan.FromSeconds(seconds);
        });

        Assert.Contains("MaxTokenLifetime", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_6)]
    public void Validate_IssuerProblems_EachReported()
    {
        var none = new TokenValidationOptions { SharedSecrets = [SecretOptions(Hmac)] };
        var bad = new TokenValidationOptions { SharedSecrets = [SecretOptions(Hmac)], Issuers = ["app-1", "", "app-1"] };

        Assert.Contains("Issuers", Assert.Single(none.Validate()), StringComparison.Ordinal);
        Assert.Equal(2, bad.Validate().Count);
    }

    [Fact]
    [Trait("Requirement", Req.TOK_3)]
    public void Validate_NoKeySource_Refused()
    {
        Assert.Contains("No signing keys", Assert.Single(ValidationOptions().Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfInvalid_SeveralProblems_ListsThemAll()
    {
        var options = new TokenValidationOptions { ClockSkewLeeway = TimeSpan.FromMinutes(5), MaxTokenBytes = 10_000 };

        var exception = Assert.Throws<TokenConfigurationException>(options.ThrowIfInvalid);

        Assert.Equal(4, exception.Problems.Count);
        foreach (var problem in exception.Problems)
        {
            Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Constructor_OptionsWithKeys_ReportsTheEnforcedProfile()
    {
        var options = ValidationOptions(o =>
        {
            o.SharedSecrets = [SecretOptions(Hmac)];
            o.Audience = "chat";
            o.ClockSkewLeeway = TimeSpan.FromSeconds(7);
            o.MaxTokenLifetime = TimeSpan.FromHours(2);
            o.MaxTokenBytes = 4096;
        });

        var validator = new TokenValidator(options, new FixedClock(Now));

        Assert.Equal([Issuer, OtherIssuer], validator.Issuers);
        Assert.Equal("chat", validator.Audience);
        Assert.Equal(TimeSpan.FromSeconds(7), validator.ClockSkewLeeway);
        Assert.Equal(TimeSpan.FromHours(2), validator.MaxTokenLifetime);
        Assert.Equal(4096, validator.MaxTokenBytes);
        Assert.Equal(["HS256"], validator.Keys.AcceptedAlgorithms);
    }
}
