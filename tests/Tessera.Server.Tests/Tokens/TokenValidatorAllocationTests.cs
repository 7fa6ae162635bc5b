using Tessera.Tokens;
using static Tessera.Testing.TestValidators;

namespace Tessera.Server.Tests.Tokens;

/// <summary>
/// The hot path stays allocation-aware: validating an HS256 token allocates
/// only the claims it returns (subject, roles, the record), and a refusal
/// allocates nothing at all.
/// </summary>
public sealed class TokenValidatorAllocationTests
{
    private const int Iterations = 200;

    [Fact]
    public void Validate_ValidHs256Token_AllocatesUnderTwoKilobytes()
    {
        var (validator, _) = Validator();
        var token = TokenMinter.Mint(Spec().WithRoles("member", "writer").WithClaim("jti", "abc"), Hmac);
        TokenAssert.Valid(validator.Validate(token));

        var perCall = BytesPerCall(() => validator.Validate(token));

        Assert.True(perCall < 2048, $"{perCall} bytes per validation");
    }

    [Fact]
    public void Validate_RefusedToken_AllocatesNothing()
    {
        var (validator, _) = Validator();
        var token = TokenMinter.TamperSignature(TokenMinter.Mint(Spec(), Hmac));
        Assert.False(validator.Validate(token).IsValid);

        var perCall = BytesPerCall(() => validator.Validate(token));

        Assert.Equal(0, perCall);
    }

    private static long BytesPerCall(Action action)
    {
        // Warm up past tiered JIT, whose own work would otherwise be counted.
        for (var i = 0; i < Iterations; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Iterations;
    }
}
