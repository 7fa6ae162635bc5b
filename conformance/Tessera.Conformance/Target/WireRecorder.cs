namespace Tessera.Conformance.Target;

/// <summary>
/// Keeps the wire exchange of one connection (<see cref="WireTraceHandler"/>) so
/// a failing step can show what went over the wire (<c>--trace</c>). The
/// handler runs on transport threads, hence the lock.
/// </summary>
internal sealed class WireRecorder
{
    // A sequence of a few dozen calls makes a few hundred events; the cap only
    // guards against a target that streams without end.
    private const int Capacity = 20_000;

    private readonly Lock _gate = new();
    private readonly List<WireEvent> _events = [];
    private long _dropped;

    public void Record(WireEvent e)
    {
        lock (_gate)
        {
            if (_events.Count < Capacity)
            {
                _events.Add(e);
            }
            else
            {
                _dropped++;
            }
        }
    }

    /// <summary>A position to read from later with <see cref="Since"/>.</summary>
    public int Mark()
    {
        lock (_gate)
        {
            return _events.Count;
        }
    }

    public List<WireEvent> Since(int mark)
    {
        lock (_gate)
        {
            return mark >= _events.Count ? [] : _events.GetRange(mark, _events.Count - mark);
        }
    }

    /// <summary>Forgets everything: called when a new command sequence starts.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _events.Clear();
            _dropped = 0;
        }
    }
}
