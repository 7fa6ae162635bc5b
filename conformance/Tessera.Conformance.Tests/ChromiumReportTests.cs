using System.Diagnostics;
using Tessera.Conformance.Cli;
using Tessera.Conformance.Reporting;
using Tessera.Conformance.Target;
using Tessera.Conformance.Tests.Mutants;
using Xunit.Abstractions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The HTML report of a failing run, rendered by a real browser: the suite runs
/// against a mutant whose counterexample involves a watcher and a clock move,
/// Chromium headless (Debian <c>chromium</c>, installed by scripts/install-deps.sh)
/// loads the page, and its DOM must hold the sequence diagram with the failing
/// step marked. The screenshot it takes is written under the test output; with
/// TESSERA_REPORT_SCREENSHOT=path it is copied there too (that is how
/// docs/report-sequence-diagram.png is made).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ChromiumReportTests(ITestOutputHelper output)
{
    private const string MutantName = "expiry-checked-only-on-use";
    private const string CaseName = "expiry/timers";
    private const ulong Seed = 20251122;

    /// <summary>A guard against a hung browser, not a timing assertion: a render takes a few seconds.</summary>
    private static readonly TimeSpan BrowserLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Chromium_FailingMutantReport_RendersTheSequenceDiagram()
    {
        var clock = Stopwatch.StartNew();
        var report = await RunAgainstMutantAsync();
        output.WriteLine($"suite run against {MutantName}: {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.Equal(1, report.ExitCode);
        var failures = report.Results.Single(r => r.Case.Name == CaseName).Failures;
        Assert.Contains(failures, f => f.Finding.Ids.Contains("EXP-1"));

        var dir = Directory.CreateTempSubdirectory("tessera-report-");
        try
        {
            var page = Path.Combine(dir.FullName, "report.html");
            await File.WriteAllTextAsync(page, HtmlReport.Render(report));
            var url = new Uri(page).AbsoluteUri;

            // One browser start for both: the DOM as rendered and a screenshot of the page's top,
            // where the failing cases (diagram included) come first.
            var png = Path.Combine(dir.FullName, "report.png");
            clock.Restart();
            var dom = await ChromiumAsync(dir.FullName, "--dump-dom", $"--screenshot={png}", "--window-size=1280,1400", "--hide-scrollbars", url);
            output.WriteLine($"chromium: {clock.Elapsed.TotalSeconds:0.0}s");
            Assert.Contains("<svg", dom, StringComparison.Ordinal);
            Assert.Contains("class=\"sequence\"", dom, StringComparison.Ordinal);
            Assert.Contains("class=\"step failed\"", dom, StringComparison.Ordinal);
            Assert.Contains("data-lane=\"clock\"", dom, StringComparison.Ordinal);
            Assert.Contains("data-lane=\"w0\"", dom, StringComparison.Ordinal);
            Assert.Contains("class=\"expected\"", dom, StringComparison.Ordinal);
            Assert.Contains("class=\"actual\"", dom, StringComparison.Ordinal);

            if (Environment.GetEnvironmentVariable("TESSERA_REPORT_SCREENSHOT") is { Length: > 0 } keep)
            {
                File.Copy(png, keep, overwrite: true);
                output.WriteLine("screenshot copied to " + keep);
            }

            var bytes = await File.ReadAllBytesAsync(png);
            Assert.True(bytes.Length > 10_000, $"screenshot is {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<ConformanceReport> RunAgainstMutantAsync()
    {
        var mutant = MutantCatalog.All.Single(m => m.Name == MutantName);
        using var keys = new MutantKeys();
        await using var target = await EmbeddedTarget.StartAsync(
            realClock: mutant.RealClock,
            CancellationToken.None,
            services => mutant.Inject!(services, keys));
        return await ConformanceSuite.RunAsync(new ConformanceOptions
        {
            Target = new TargetOptions { Address = target.Address, Hs256Secret = target.Secret, KeyId = "dev" },
            Run = [CaseName],
            Seed = Seed,
            // Every sequence with an expiry fails on this mutant: a few tests find one, and the run stays short.
            MaxTests = 10,
        });
    }

    /// <summary>Runs headless Chromium on its own profile and returns its standard output.</summary>
    private async Task<string> ChromiumAsync(string workDir, params string[] args)
    {
        var start = new ProcessStartInfo("chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir,
        };
        // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + Path.Combine(workDir, "profile") }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        using var limit = new CancellationTokenSource(BrowserLimit);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium {string.Join(' ', args)} did not finish in {BrowserLimit}");
        }

        var error = await stderr;
        if (process.ExitCode != 0)
        {
            output.WriteLine(error);
        }

        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {error}");
        return await stdout;
    }
}
