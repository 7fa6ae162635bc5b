using System.Diagnostics;
using Tessera.Conformance.Reporting;
using Tessera.Protocol;
using Xunit.Abstractions;

namespace Tessera.Conformance.Tests;

/// <summary>
/// The reports of one failing run (the mutant runs once, in <see cref="FailingMutantRun"/>,
/// and its counterexamples involve a watcher and a clock move). The JSON report must
/// match the published schema. The HTML report is rendered by a real browser: Chromium
/// headless (Debian <c>chromium</c>, installed by scripts/install-deps.sh) loads the page,
/// its DOM must hold the sequence diagram with the failing step marked, and its
/// screenshot must be a real picture. The screenshot goes to a temporary folder; with
/// TESSERA_REPORT_SCREENSHOT=PATH it is copied to PATH too, which is how
/// docs/report-sequence-diagram.png is made:
/// <c>TESSERA_REPORT_SCREENSHOT=$PWD/docs/report-sequence-diagram.png dotnet test tests/Tessera.Conformance.Tests -c Release --filter FullyQualifiedName~FailingReportTests</c>.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FailingReportTests(FailingMutantRun run, ITestOutputHelper output) : IClassFixture<FailingMutantRun>
{
    /// <summary>A guard against a hung browser, not a timing assertion: a render takes a few seconds.</summary>
    private static readonly TimeSpan BrowserLimit = TimeSpan.FromMinutes(2);

    [Fact]
    public void Run_AgainstTheMutant_FailsOnEXP1()
    {
        Assert.Equal(1, run.Report.ExitCode);
        var failures = run.Report.Results.Single(r => r.Case.Name == FailingMutantRun.CaseName).Failures;
        Assert.Contains(failures, f => f.Finding.Ids.Contains(Req.EXP_1));
    }

    [Fact]
    public void Schema_FailingRunJsonReport_Validates()
    {
        var json = JsonReport.Render(run.Report);

        Assert.Empty(ReportSchema.Errors(json));
        Assert.Contains("\"counterexample\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chromium_FailingMutantReport_RendersTheSequenceDiagram()
    {
        var report = run.Report;
        var clock = Stopwatch.StartNew();

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

        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("chromium is not installed (scripts/install-deps.sh installs Debian's chromium): " + e.Message, e);
        }

        using var process = started ?? throw new InvalidOperationException("chromium did not start");
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
