using Tessera.Protocol;
using Tessera.Protocol.V1;
using Tessera.Server.Events;

namespace Tessera.Server.Tests.Events;

public sealed class SessionEventLogTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    [Trait("Requirement", Req.EVT_1)]
    public void Append_Events_NumberedFromOneWithoutGapsAndStamped()
    {
        var log = new SessionEventLog(8);

        var first = log.Append(SessionEvents.TokenUpdated(T0), T0);
        var second = log.Append(SessionEvents.TokenUpdated(T0), T0.AddSeconds(1));

        Assert.Equal(1UL, first.Seq);
        Assert.Equal(2UL, second.Seq);
        Assert.Equal(T0.AddSeconds(1), second.Time.ToDateTimeOffset());
        Assert.Equal(2UL, log.LastSeq);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public void TryReadAfter_AllKept_ReturnsEventsAfterSeqInOrder()
    {
        var log = Filled(capacity: 8, count: 5);

        var ok = log.TryReadAfter(2, out var events);

        Assert.True(ok);
        Assert.Equal([3UL, 4UL, 5UL], events.Select(e => e.Seq));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public void TryReadAfter_LastSeq_ReturnsEmpty()
    {
        var log = Filled(capacity: 8, count: 5);

        var ok = log.TryReadAfter(5, out var events);

        Assert.True(ok);
        Assert.Empty(events);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public void TryReadAfter_BeyondLastSeq_Fails()
    {
        var log = Filled(capacity: 8, count: 5);

        Assert.False(log.TryReadAfter(6, out _));
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    public void TryReadAfter_OlderThanCapacity_FailsButNewestCapacityKept()
    {
        var log = Filled(capacity: 8, count: 20);

        var evicted = log.TryReadAfter(11, out _);
        var kept = log.TryReadAfter(12, out var events);

        Assert.False(evicted);
        Assert.True(kept);
        Assert.Equal(Enumerable.Range(13, 8).Select(i => (ulong)i), events.Select(e => e.Seq));
        Assert.Equal(13UL, log.FirstKeptSeq);
    }

    [Fact]
    [Trait("Requirement", Req.EVT_4)]
    [Trait("Requirement", Req.EVT_5)]
    public void TryReadAfter_EveryCapacityCountAndResumePoint_MatchesTheNewestCapacityEvents()
    {
        // Exhaustive over small sizes: covers the growing ring (1, 2, 4, ... capped at a
        // capacity that is not a power of two) and every wrap-around position.
        for (var capacity = 1; capacity <= 9; capacity++)
        {
            for (var count = 0; count <= 30; count++)
            {
                var log = Filled(capacity, count);
                var oldestKept = Math.Max(1, count - capacity + 1);
                Assert.Equal((ulong)oldestKept, log.FirstKeptSeq);
                for (var after = 0; after <= count + 1; after++)
                {
                    var readable = after <= count && after + 1 >= oldestKept;
                    var ok = log.TryReadAfter((ulong)after, out var events);

                    Assert.Equal(readable, ok);
                    Assert.Equal(
                        readable ? Enumerable.Range(after + 1, count - after).Select(i => (ulong)i) : [],
                        events.Select(e => e.Seq));
                }
            }
        }
    }

    private static SessionEventLog Filled(int capacity, int count)
    {
        var log = new SessionEventLog(capacity);
        for (var i = 0; i < count; i++)
        {
            log.Append(SessionEvents.TokenUpdated(T0), T0);
        }

        return log;
    }
}
