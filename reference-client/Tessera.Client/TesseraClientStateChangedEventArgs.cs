namespace Tessera.Client;

/// <summary>A change of <see cref="TesseraClient.State"/>.</summary>
public sealed class TesseraClientStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public TesseraClientStateChangedEventArgs(TesseraClientState previous, TesseraClientState current)
    {
        Previous = previous;
        Current = current;
    }

    /// <summary>The state before the change.</summary>
    public TesseraClientState Previous { get; }

    /// <summary>The state now.</summary>
    public TesseraClientState Current { get; }
}
