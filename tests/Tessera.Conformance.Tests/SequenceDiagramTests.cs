using System.Xml.Linq;
using Tessera.Conformance.Reporting;
using Tessera.Protocol;

namespace Tessera.Conformance.Tests;

public sealed class SequenceDiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The shape of an expiry counterexample: start, watch, advance past exp, and the watcher never told.</summary>
    private static List<StepRecord> Counterexample()
    {
        var start = new StepRecord { Index = 1, Command = "start i0 token(alice, exp=now+60s)" };
        start.Expected.Add("OK");
        start.Actual.Add("OK -> s0");
        var watch = new StepRecord { Index = 2, Command = "watch s0 resume_after_seq=0 (last seq 1, ACTIVE)" };
        watch.Expected.Add("stream replays 1 event(s), then follows live ones");
        watch.Actual.Add("stream open");
        watch.Expected.Add("w0 gets started(seq 1)");
        watch.Actual.Add("w0 got started(seq 1)");
        var advance = new StepRecord { Index = 3, Command = "advance 61s (past exp of s0)" };
        advance.Expected.Add("OK now=2030-01-01T00:01:01Z");
        advance.Actual.Add("OK now=2030-01-01T00:01:01Z");
        advance.Expected.Add("w0 gets token_expired(seq 2)");
        advance.Actual.Add("w0 got nothing");
        advance.Findings.Add(new Finding([Req.EXP_1, Req.EXP_2], "w0: expected token_expired(seq 2), got nothing"));
        return [start, watch, advance];
    }

    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static List<XElement> Texts(XElement svg, string cssClass) =>
        svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == cssClass).ToList();

    [Fact]
    public void Render_Counterexample_HasALaneForClientServerClockAndEachWatcher()
    {
        var svg = Parse(SequenceDiagram.Render(Counterexample()));

        var lanes = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "lane").Select(g => (string?)g.Attribute("data-lane")).ToList();
        Assert.Equal(["client", "server", "clock", "w0"], lanes);
    }

    [Fact]
    public void Render_FailingStep_IsMarkedWithExpectedActualAndTheBrokenIds()
    {
        var svg = Parse(SequenceDiagram.Render(Counterexample()));

        var steps = svg.Descendants(Svg + "g").Where(g => g.Attribute("data-step") is not null).ToList();
        Assert.Equal(["step ok", "step ok", "step failed"], steps.Select(g => (string?)g.Attribute("class")));
        var failing = steps[2];
        Assert.Single(failing.Elements(Svg + "rect"), r => (string?)r.Attribute("class") == "failing-step");
        Assert.Contains(Texts(failing, "expected"), t => t.Value == "expected: gets token_expired(seq 2)");
        Assert.Contains(Texts(failing, "actual"), t => t.Value == "actual:   got nothing");
        Assert.Equal("\u2717 [EXP-1, EXP-2] w0: expected token_expired(seq 2), got nothing", Assert.Single(Texts(failing, "finding")).Value);
        Assert.Empty(steps[0].Elements(Svg + "rect"));
    }

    [Fact]
    public void Render_ClockMove_PointsItsArrowAtTheClockLane()
    {
        var svg = Parse(SequenceDiagram.Render(Counterexample()));
        var clockX = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-lane") == "clock").Element(Svg + "line")!.Attribute("x1")!.Value;
        var serverX = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-lane") == "server").Element(Svg + "line")!.Attribute("x1")!.Value;

        var arrows = svg.Descendants(Svg + "line").Where(l => (string?)l.Attribute("class") == "call").Select(l => l.Attribute("x2")!.Value).ToList();

        Assert.Equal([serverX, serverX, clockX], arrows);
    }

    [Fact]
    public void Render_PassingStep_ShowsAnswersAndLeavesOutAQuietWatcher()
    {
        var steps = Counterexample();
        var quiet = new StepRecord { Index = 4, Command = "get s0" };
        quiet.Expected.Add("OK EXPIRED");
        quiet.Actual.Add("OK EXPIRED");
        quiet.Expected.Add("w0 gets nothing");
        quiet.Actual.Add("w0 got nothing");
        steps.Add(quiet);

        var svg = Parse(SequenceDiagram.Render(steps));
        var step = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-step") == "4");

        Assert.Equal(["4. get s0"], Texts(step, "command").Select(t => t.Value));
        Assert.Equal(["OK EXPIRED"], Texts(step, "answer").Select(t => t.Value));
        Assert.Empty(Texts(step, "expected"));
    }

    [Fact]
    public void Render_MarkupInText_IsEscapedAndTheSvgIsWellFormed()
    {
        var step = new StepRecord { Index = 1, Command = "get s0 <script>alert('x')</script> & \"q\"" };
        step.Expected.Add("NOT_FOUND <b>");
        step.Actual.Add("OK & more");
        step.Findings.Add(new Finding([Req.SES_3], "expected <NOT_FOUND>"));

        var text = SequenceDiagram.Render([step]);
        var svg = Parse(text);

        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", text, StringComparison.Ordinal);
        var command = Texts(svg, "command").Concat(Texts(svg, "more")).Select(t => t.Value);
        Assert.Equal("1. get s0 <script>alert('x')</script> & \"q\"", string.Join(' ', command));
        Assert.Equal("expected: NOT_FOUND <b>", Assert.Single(Texts(svg, "expected")).Value);
    }

    [Fact]
    public void Render_LongLine_WrapsAtSpacesAndIsCutAfterFourLinesWithTheWholeLineInATooltip()
    {
        var words = new StepRecord { Index = 1, Command = string.Join(' ', Enumerable.Repeat("word", 15)) };
        words.Actual.Add("OK");
        var endless = new StepRecord { Index = 2, Command = "start i0 " + new string('x', 200) };
        endless.Actual.Add("OK");

        var svg = Parse(SequenceDiagram.Render([words, endless]));
        var first = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-step") == "1");
        var second = svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-step") == "2");

        var wrapped = Texts(first, "command").Concat(Texts(first, "more")).Select(t => t.Value).ToList();
        Assert.Equal(2, wrapped.Count);
        Assert.Equal(("1. " + words.Command).Replace(" ", "", StringComparison.Ordinal), string.Concat(wrapped).Replace(" ", "", StringComparison.Ordinal));
        Assert.All(wrapped, piece => Assert.False(piece.StartsWith(' ') || piece.EndsWith(' ')));
        var pieces = Texts(second, "more");
        Assert.Equal(3, pieces.Count);
        Assert.EndsWith("\u2026", pieces[^1].Nodes().OfType<XText>().Single().Value, StringComparison.Ordinal);
        Assert.Equal("2. start i0 " + new string('x', 200), pieces[^1].Element(Svg + "title")!.Value);
    }

    [Fact]
    public void Render_TwoDiagrams_DeclareNoIdsThatCouldCollideOnOnePage()
    {
        var svg = Parse(SequenceDiagram.Render(Counterexample()));

        Assert.DoesNotContain(svg.DescendantsAndSelf(), e => e.Attribute("id") is not null);
    }

    [Fact]
    public void Render_NoSteps_IsEmpty()
    {
        Assert.Equal("", SequenceDiagram.Render([]));
    }

    [Theory]
    [InlineData("OK now=2030-01-01T00:00:00Z", "clock")]
    [InlineData("wait 2s", "clock")]
    [InlineData("now~2030-01-01T00:00:00Z", "clock")]
    [InlineData("AdvanceTime UNIMPLEMENTED", "clock")]
    [InlineData("w12 got token_expired(seq 2)", "w12")]
    [InlineData("w0 dropped by the target (WATCHER_LAGGING)", "w0")]
    [InlineData("OK -> s0", "server")]
    [InlineData("probe get s0: OK EXPIRED", "server")]
    [InlineData("watch s0 stream open", "server")]
    public void Lanes_Line_GoesToItsLane(string line, string lane)
    {
        Assert.Equal(lane, DiagramLanes.Of(line));
    }

    [Theory]
    [InlineData("advance 61s (past exp of s0)", "clock")]
    [InlineData("AdvanceTime by -1s", "clock")]
    [InlineData("GetTime, GetServerInfo, wait 100ms of real time, GetTime", "clock")]
    [InlineData("start i0 token(alice)", "server")]
    [InlineData("watch s0 resume_after_seq=0", "server")]
    public void Lanes_Command_GoesToTheClockOnlyWhenItMovesOrReadsIt(string command, string lane)
    {
        Assert.Equal(lane, DiagramLanes.TargetOf(command));
    }

    [Fact]
    public void HtmlReport_FailingCase_EmbedsTheDiagramBeforeTheTable()
    {
        var cases = ConformanceSuite.ListCases();
        var steps = Counterexample();
        var report = new ConformanceReport
        {
            Target = "http://127.0.0.1:5000/",
            Seed = 1,
            TestClock = true,
            Profile = new Target.TargetProfile(),
            StartedAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Duration = TimeSpan.FromSeconds(1),
            CommandLine = "tessera-conformance run",
            Results =
            [
                new CaseResult
                {
                    Case = cases.Single(c => c.Name == "expiry/timers"),
                    Verdict = CaseVerdict.Failed,
                    Failures = [new CaseFailure { Finding = steps[2].Findings[0], Counterexample = steps, OriginalLength = 5, ShrinkRuns = 3 }],
                    Tests = 1,
                },
            ],
        };

        var html = HtmlReport.Render(report);

        var diagram = html.IndexOf("<div class=\"diagram\"><svg", StringComparison.Ordinal);
        Assert.True(diagram > 0);
        Assert.True(diagram < html.IndexOf("<th>command</th>", StringComparison.Ordinal));
    }
}
