namespace Tessera.Bench.Micro;

/// <summary>One BenchmarkDotNet run of the four token benchmarks.</summary>
internal sealed record MicroRound(MicroMeasure Hs256HashData, MicroMeasure Hs256Validate, MicroMeasure Es256VerifyData, MicroMeasure Es256Validate);
