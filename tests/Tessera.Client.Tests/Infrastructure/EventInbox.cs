using System.Threading.Channels;

namespace Tessera.Client.Tests.Infrastructure;

/// <summary>Reads a client's event stream in the background so a test can await the next event.</summary>
internal sealed class EventInbox
{
    private readonly Channel<TesseraSessionEvent> _events = Channel.CreateUnbounded<TesseraSessionEvent>();
    private readonly Task _reader;

    public EventInbox(TesseraClient client)
    {
        _reader = Task.Run(async () =>
        {
            await foreach (var sessionEvent in client.ReadEventsAsync())
            {
                _events.Writer.TryWrite(sessionEvent);
            }

            _events.Writer.TryComplete();
        });
    }

    /// <summary>Completes when the client's stream has ended (after DisposeAsync).</summary>
    public Task Completion => _reader;

    public async Task<TesseraSessionEvent> NextAsync() => await _events.Reader.ReadAsync().AsTask().WaitAsync(Timeouts.Event);

    public async Task<TesseraSessionEvent> NextAsync(TesseraSessionEventKind kind)
    {
        var next = await NextAsync();
        Assert.Equal(kind, next.Kind);
        return next;
    }

    /// <summary>Events already received and not yet taken.</summary>
    public List<TesseraSessionEvent> Drain()
    {
        var list = new List<TesseraSessionEvent>();
        while (_events.Reader.TryRead(out var sessionEvent))
        {
            list.Add(sessionEvent);
        }

        return list;
    }
}
