using System.Globalization;
using Tessera.Bench.Micro;

namespace Tessera.Bench.Orchestration;

/// <summary>
/// The token validation figures: a <c>micro</c> child (BenchmarkDotNet,
/// in-process) on the server core, one BenchmarkDotNet run per round; each
/// round's ratio is raw-crypto time / validation time (validation throughput as
/// a share of the raw primitive's).
/// </summary>
internal static class MicroFigures
{
    public static async Task<SectionResult> RunAsync(BenchContext context)
    {
        var args = new List<string> { "micro", "--rounds", context.Rounds.ToString(CultureInfo.InvariantCulture), "--artifacts", Path.Combine(context.WorkDirectory, "bdn") };
        if (context.Smoke)
        {
            args.Add("--smoke");
        }

        await using var child = ChildProcess.Start("micro", BenchContext.SelfCommand([.. args]), context.Cores.ServerCore, context.Verbose);
        var rounds = new List<MicroRound>();
        for (var i = 0; i < context.Rounds; i++)
        {
            rounds.Add(await child.ReadAsync<MicroRound>("MICRO", TimeSpan.FromSeconds(120)).ConfigureAwait(false));
            var last = rounds[^1];
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {i + 1}/{context.Rounds} HS256 {last.Hs256Validate.MedianNs:0} ns vs {last.Hs256HashData.MedianNs:0} ns, ES256 {last.Es256Validate.MedianNs:0} ns vs {last.Es256VerifyData.MedianNs:0} ns"));
        }

        var exit = await child.WaitForExitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new Cli.BenchFailedException($"micro exited with {exit}.{Environment.NewLine}{child.RecentLog}");
        }

        var hsRatio = Spread.Of(rounds.Select(r => 100 * r.Hs256HashData.MedianNs / r.Hs256Validate.MedianNs).ToList());
        var esRatio = Spread.Of(rounds.Select(r => 100 * r.Es256VerifyData.MedianNs / r.Es256Validate.MedianNs).ToList());
        var hsAllocated = rounds.Max(r => r.Hs256Validate.AllocatedBytes);
        var esAllocated = rounds.Max(r => r.Es256Validate.AllocatedBytes);
        var rows = new List<FigureRow>
        {
            new(
                "HS256 token validation (BenchmarkDotNet)",
                "raw `HMACSHA256.HashData` over the same signing input",
                hsRatio.Format("0", " %") + string.Create(CultureInfo.InvariantCulture, $"; {Median(rounds, r => r.Hs256Validate.MedianNs):0} ns vs {Median(rounds, r => r.Hs256HashData.MedianNs):0} ns per op; {Bytes(hsAllocated, context.Smoke)} allocated per validation"),
                ">= 10 %, and <= 2 KB allocated per validation",
                Verdict.Of(context.Smoke, hsRatio.Median >= 10, hsAllocated is >= 0 and <= 2048)),
            new(
                "ES256 token validation (BenchmarkDotNet)",
                "raw `ECDsa.VerifyData` (P-256, SHA-256, IEEE P1363) over the same input",
                esRatio.Format("0", " %") + string.Create(CultureInfo.InvariantCulture, $"; {Median(rounds, r => r.Es256Validate.MedianNs) / 1000:0.0} us vs {Median(rounds, r => r.Es256VerifyData.MedianNs) / 1000:0.0} us per op; {Bytes(esAllocated, context.Smoke)} allocated per validation"),
                ">= 50 %",
                Verdict.Of(context.Smoke, esRatio.Median >= 50)),
        };
        var method = new List<string>
        {
            "BenchmarkDotNet 0.14 (`bench/Tessera.Bench/Micro/TokenValidationBenchmarks.cs`), in-process emit toolchain, MemoryDiagnoser; "
                + (context.Smoke ? "smoke: Job.Dry (one invocation, no verdict)." : "3 warm-up and 10 measured iterations of 100 ms per benchmark per round."),
            $"Pinning: the BenchmarkDotNet process runs alone on the server core ({context.Cores.Description}).",
            "Tokens: HS256 and ES256, same claims (iss, sub, iat, exp, two roles), validated by one `TokenValidator` over a ring with both keys and `TimeProvider.System`; set-up fails unless both tokens are accepted. The ratio is raw primitive time / validation time of the same round (medians of the iterations); allocation is the largest of the rounds.",
        };
        return new SectionResult("Token validation", rows, method);
    }

    private static double Median(List<MicroRound> rounds, Func<MicroRound, double> value) => Spread.Of(rounds.Select(value).ToList()).Median;

    private static string Bytes(long bytes, bool smoke) => bytes < 0 ? "unknown bytes" : smoke ? $"{bytes} B (Job.Dry: not measured)" : $"{bytes} B";
}
