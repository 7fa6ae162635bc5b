using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Tessera.Server.Tokens;
using Tessera.Tokens;

namespace Tessera.Bench.Micro;

/// <summary>
/// Token validation against the raw cryptography it cannot avoid, over the
/// same signing input (ASCII(header '.' payload)): HS256 validation against one
/// <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>,
/// ES256 validation against one <see cref="ECDsa.VerifyData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, HashAlgorithmName, DSASignatureFormat)"/>.
/// The ratio of the two is what the validator's own work (parsing, claim
/// checks, allocation) costs on top of the cryptography.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    public const string Issuer = "bench-issuer";

    private byte[] _hmacKey = [];
    private byte[] _hsSigningInput = [];
    private readonly byte[] _mac = new byte[32];
    private string _hsToken = string.Empty;
    private ECDsa? _ecPublic;
    private byte[] _esSigningInput = [];
    private byte[] _esSignature = [];
    private string _esToken = string.Empty;
    private TokenValidator? _validator;

    [GlobalSetup]
    public void Setup()
    {
        using var hmac = MintingKey.Hmac("hs", RandomNumberGenerator.GetBytes(32), JwsAlgorithms.HS256);
        using var ec = MintingKey.GenerateEcdsaP256("es");
        _hmacKey = hmac.ExportSecret();
        var now = DateTimeOffset.UtcNow;
        // A typical token: issuer, subject, iat/exp, two roles; a day of life so a long run never expires it.
        var spec = TokenSpec.ForUser(Issuer, "user-12345", now, TimeSpan.FromHours(23), "member", "moderator");
        _hsToken = TokenMinter.Mint(spec, hmac);
        _esToken = TokenMinter.Mint(spec, ec);
        _hsSigningInput = SigningInput(_hsToken);
        _esSigningInput = SigningInput(_esToken);
        _esSignature = Base64Url.DecodeFromChars(_esToken.AsSpan(_esToken.LastIndexOf('.') + 1));
        _ecPublic = ECDsa.Create();
        _ecPublic.ImportSubjectPublicKeyInfo(ec.ExportPublicKey(PublicKeyFormat.SubjectPublicKeyInfo), out _);

        var secret = new SharedSecretOptions { KeyId = "hs", Secret = Convert.ToBase64String(_hmacKey), Algorithms = [JwsAlgorithms.HS256] };
        var ring = SigningKeyRing.Create([secret], JwksDocument.Serialize([ec]));
        _validator = new TokenValidator(new TokenValidationOptions { Issuers = [Issuer] }, ring, TimeProvider.System);

        // A benchmark of a refusal would measure the wrong path: both tokens must pass, and so must the baselines.
        Require(_validator.Validate(_hsToken).IsValid, "HS256 token refused");
        Require(_validator.Validate(_esToken).IsValid, "ES256 token refused");
        Require(_ecPublic.VerifyData(_esSigningInput, _esSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation), "ES256 signature does not verify");
    }

    [GlobalCleanup]
    public void Cleanup() => _ecPublic?.Dispose();

    [Benchmark]
    public int Hs256HashData() => HMACSHA256.HashData(_hmacKey, _hsSigningInput, _mac);

    [Benchmark]
    public bool Hs256Validate() => _validator!.Validate(_hsToken).IsValid;

    [Benchmark]
    public bool Es256VerifyData() => _ecPublic!.VerifyData(_esSigningInput, _esSignature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    [Benchmark]
    public bool Es256Validate() => _validator!.Validate(_esToken).IsValid;

    private static byte[] SigningInput(string token) => Encoding.ASCII.GetBytes(token[..token.LastIndexOf('.')]);

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
