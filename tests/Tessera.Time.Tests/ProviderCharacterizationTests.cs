using System.Collections.Concurrent;

namespace Tessera.Time.Tests;

/// <summary>
/// The CLK-3 scenarios run against both <see cref="ManualTimeProvider"/> and
/// Microsoft.Extensions.TimeProvider.Testing's FakeTimeProvider. Each row names
/// the behaviour its provider has, so a row that differs from the other shows
/// why the project keeps its own clock (see the comment atop ManualTimeProvider).
/// Only what holds on every interleaving is asserted: threads meet on events,
/// and every wait is bounded by <see cref="Hang"/>, which only a hang reaches.
/// </summary>
public sealed class ProviderCharacterizationTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Reached only when something hangs.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a callback watches for the other thread's Advance to return where
    /// that Advance is serialized behind the callback: it cannot return then, so
    /// the outcome does not depend on this length, only the test's duration does.
    /// </summary>
    private static readonly TimeSpan SerializedProbe = TimeSpan.FromMilliseconds(100);

    [Theory]
    [Trait("Requirement", "CLK-3")]
    [InlineData(ClockUnderTest.Manual, true)]
    [InlineData(ClockUnderTest.Fake, false)]
    public void Advance_TwoTimersDueInWindow_FireInDueOrderSeeingOwnDueTimeOnlyWhereExpected(string provider, bool callbackSeesOwnDueTime)
    {
        var clock = ClockUnderTest.Create(provider, T0);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var second = clock.CreateOneShot(_ => fired.Add(("second", clock.Now)), TimeSpan.FromSeconds(2));
        using var first = clock.CreateOneShot(_ => fired.Add(("first", clock.Now)), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3));

        (string, DateTimeOffset)[] expected = callbackSeesOwnDueTime
            ? [("first", T0.AddSeconds(1)), ("second", T0.AddSeconds(2))]
            : [("first", T0.AddSeconds(3)), ("second", T0.AddSeconds(3))];
        Assert.Equal(expected, fired);
        Assert.Equal(T0.AddSeconds(3), clock.Now);
    }

    [Theory]
    [Trait("Requirement", "CLK-3")]
    [InlineData(ClockUnderTest.Manual, false, true)]
    [InlineData(ClockUnderTest.Manual, true, true)]
    [InlineData(ClockUnderTest.Fake, false, false)]
    [InlineData(ClockUnderTest.Fake, true, false)]
    public void Advance_CallbackArmsTimerDueInsideWindow_FiresInSameAdvanceOnlyWhereExpected(string provider, bool rearmSameTimer, bool firesInSameAdvance)
    {
        // The first timer is due at +10 s and arms a timer for 5 s after the
        // clock its callback reads; Advance(15 s) covers +15 s.
        var clock = ClockUnderTest.Create(provider, T0);
        var fired = new List<DateTimeOffset>();
        var created = new List<ITimer>();
        ITimer? timer = null;
        timer = clock.CreateOneShot(
            _ =>
            {
                fired.Add(clock.Now);
                if (fired.Count > 1)
                {
                    return;
                }

                if (rearmSameTimer)
                {
                    timer!.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
                }
                else
                {
                    created.Add(clock.CreateOneShot(_ => fired.Add(clock.Now), TimeSpan.FromSeconds(5)));
                }
            },
            TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(15));
        var firedInWindow = fired.ToArray();
        clock.Advance(TimeSpan.FromSeconds(5));

        if (firesInSameAdvance)
        {
            Assert.Equal([T0.AddSeconds(10), T0.AddSeconds(15)], firedInWindow);
            Assert.Equal([T0.AddSeconds(10), T0.AddSeconds(15)], fired);
        }
        else
        {
            // The callback read the window's end, so the armed timer fell after it.
            Assert.Equal([T0.AddSeconds(15)], firedInWindow);
            Assert.Equal([T0.AddSeconds(15), T0.AddSeconds(20)], fired);
        }

        timer.Dispose();
        created.ForEach(t => t.Dispose());
    }

    [Theory]
    [Trait("Requirement", "CLK-3")]
    [InlineData(ClockUnderTest.Manual, true)]
    [InlineData(ClockUnderTest.Fake, false)]
    public void Advance_OtherThreadAdvancesWhileCallbackRuns_EachReturnsAfterItsDueTimersOnlyWhereGuaranteed(string provider, bool guaranteedPerCall)
    {
        // A advances to +1 s and fires T1; while T1's callback runs, B advances to
        // +2 s, where T2 is due. T1 lets go once B is about to call Advance.
        var clock = ClockUnderTest.Create(provider, T0);
        var fired = new ConcurrentQueue<string>();
        using var t1Running = new ManualResetEventSlim();
        using var bStarting = new ManualResetEventSlim();
        using var t1 = clock.CreateOneShot(
            _ =>
            {
                fired.Enqueue("T1");
                t1Running.Set();
                WaitOrFail(bStarting);
            },
            TimeSpan.FromSeconds(1));
        using var t2 = clock.CreateOneShot(_ => fired.Enqueue("T2"), TimeSpan.FromSeconds(2));
        string[] aSaw = [];
        string[] bSaw = [];

        RunOnTwoThreads(
            () =>
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                aSaw = fired.ToArray();
            },
            () =>
            {
                WaitOrFail(t1Running);
                bStarting.Set();
                clock.Advance(TimeSpan.FromSeconds(1));
                bSaw = fired.ToArray();
            });

        Assert.Equal(["T1", "T2"], fired);
        Assert.Equal(T0.AddSeconds(2), clock.Now);
        Assert.Contains("T1", aSaw);
        // Whichever Advance fired T2 returned after it, on every interleaving.
        Assert.True(aSaw.Contains("T2") || bSaw.Contains("T2"));
        if (guaranteedPerCall)
        {
            Assert.Equal(["T1", "T2"], bSaw);
        }

        // Where it is not guaranteed, B may or may not return before T2 has fired
        // depending on the interleaving; the next test forces the early return.
    }

    [Theory]
    [Trait("Requirement", "CLK-3")]
    [InlineData(ClockUnderTest.Manual, true)]
    [InlineData(ClockUnderTest.Fake, false)]
    public void Advance_CallbackBlocksUntilOtherThreadsAdvanceReturns_OtherReturnsBeforeItsDueTimerFiredUnlessItWaits(string provider, bool otherAdvanceWaitsForCallback)
    {
        // As above, but T1's callback holds on until B's Advance has returned
        // (where B's Advance waits for the callback, it watches for a while only).
        var clock = ClockUnderTest.Create(provider, T0);
        var log = new ConcurrentQueue<string>();
        using var t1Running = new ManualResetEventSlim();
        using var bStarting = new ManualResetEventSlim();
        using var bReturned = new ManualResetEventSlim();
        bool? bReturnedWhileT1Ran = null;
        using var t1 = clock.CreateOneShot(
            _ =>
            {
                log.Enqueue($"T1 on {Thread.CurrentThread.Name}");
                t1Running.Set();
                WaitOrFail(bStarting);
                bReturnedWhileT1Ran = bReturned.Wait(otherAdvanceWaitsForCallback ? SerializedProbe : Hang);
            },
            TimeSpan.FromSeconds(1));
        using var t2 = clock.CreateOneShot(
            _ => log.Enqueue($"T2 on {Thread.CurrentThread.Name} at +{(clock.Now - T0).TotalSeconds}s"),
            TimeSpan.FromSeconds(2));

        RunOnTwoThreads(
            () => clock.Advance(TimeSpan.FromSeconds(1)),
            () =>
            {
                WaitOrFail(t1Running);
                bStarting.Set();
                clock.Advance(TimeSpan.FromSeconds(1));
                log.Enqueue("B returned");
                bReturned.Set();
            });

        if (otherAdvanceWaitsForCallback)
        {
            Assert.False(bReturnedWhileT1Ran);
            Assert.Equal(["T1 on A", "T2 on B at +2s", "B returned"], log);
        }
        else
        {
            // B's Advance(to +2 s) returned with T2 (due +2 s) unfired; A's
            // Advance(to +1 s) fired T2 after the callback let go.
            Assert.True(bReturnedWhileT1Ran);
            Assert.Equal(["T1 on A", "B returned", "T2 on A at +2s"], log);
        }

        Assert.Equal(T0.AddSeconds(2), clock.Now);
    }

    private static void WaitOrFail(ManualResetEventSlim signal)
    {
        if (!signal.Wait(Hang))
        {
            throw new TimeoutException("hung waiting for the other thread");
        }
    }

    // Dedicated threads named A and B, so that neither waits for a pool thread.
    private static void RunOnTwoThreads(Action a, Action b)
    {
        var errors = new ConcurrentQueue<Exception>();
        var threads = new[] { Start("A", a, errors), Start("B", b, errors) };
        foreach (var thread in threads)
        {
            Assert.True(thread.Join(Hang + Hang), $"thread {thread.Name} hung");
        }

        Assert.Empty(errors);
    }

    private static Thread Start(string name, Action body, ConcurrentQueue<Exception> errors)
    {
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })
        {
            Name = name,
            IsBackground = true,
        };
        thread.Start();
        return thread;
    }
}
